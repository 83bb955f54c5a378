package dev.lockstep.impl.litmus;

/** herd7's observation of a final condition: how many final states satisfy it. */
public enum Verdict {
  /** No final state satisfies the condition. */
  Never,
  /** Some final states do, some do not. */
  Sometimes,
  /** Every final state does. */
  Always;

  static Verdict of(long positive, long negative) {
    if (positive == 0) {
      return Never;
    }
    return negative == 0 ? Always : Sometimes;
  }
}

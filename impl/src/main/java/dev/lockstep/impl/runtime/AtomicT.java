package dev.lockstep.impl.runtime;

/**
 * An {@code atomic_t}. Orderings follow Documentation/atomic_t.txt: non-value-returning RMW ops
 * and plain read/set are relaxed, value-returning RMW ops are fully ordered.
 */
public final class AtomicT {
  private final Scheduler scheduler;
  private final String name;
  private final String readLabel;
  private final String setLabel;
  private final String incLabel;
  private final String decLabel;
  private final String decAndTestLabel;
  private final String incNotZeroLabel;
  private int value;

  public AtomicT(Scheduler scheduler, String name, int initial) {
    this.scheduler = scheduler;
    this.name = name;
    this.value = initial;
    this.readLabel = "atomic_read(" + name + ")";
    this.setLabel = "atomic_set(" + name + ")";
    this.incLabel = "atomic_inc(" + name + ")";
    this.decLabel = "atomic_dec(" + name + ")";
    this.decAndTestLabel = "atomic_dec_and_test(" + name + ")";
    this.incNotZeroLabel = "atomic_inc_not_zero(" + name + ")";
  }

  public int atomicRead() {
    return scheduler.step(readLabel, Ordering.RELAXED, () -> value);
  }

  public void atomicSet(int v) {
    scheduler.perform(setLabel, Ordering.RELAXED, () -> value = v);
  }

  public void atomicInc() {
    scheduler.perform(incLabel, Ordering.RELAXED, () -> value++);
  }

  /** Relaxed: may take effect before the task's earlier in-flight plain accesses. */
  public void atomicDec() {
    scheduler.perform(decLabel, Ordering.RELAXED, () -> value--);
  }

  public boolean atomicDecAndTest() {
    return scheduler.step(decAndTestLabel, Ordering.FULL, () -> --value == 0);
  }

  public boolean atomicIncNotZero() {
    return scheduler.step(
        incNotZeroLabel,
        Ordering.FULL,
        () -> {
          if (value == 0) {
            return false;
          }
          value++;
          return true;
        });
  }

  public String name() {
    return name;
  }

  /** The current value, read between steps (not a scheduling point). */
  public int value() {
    return value;
  }
}

package dev.lockstep.impl.runtime;

/**
 * A {@code refcount_t}. Orderings follow Documentation/core-api/refcount-vs-atomic.rst: inc and
 * read are relaxed; dec and dec_and_test have release ordering (dec_and_test also acquire on
 * success), so they never take effect before the task's earlier plain accesses. Additions on zero
 * and underflows raise {@link KernelWarning}, where the kernel would WARN and saturate. Every access is a marked access
 * of its lockless {@link SharedVariable} with that ordering.
 */
public final class RefcountT {
  private final Scheduler scheduler;
  private final String name;
  private final String readLabel;
  private final String incLabel;
  private final String decLabel;
  private final String decAndTestLabel;
  private final SharedVariable variable;
  private int value;

  public RefcountT(Scheduler scheduler, String name, int initial) {
    this(scheduler, name, name, initial);
  }

  /** As above; {@code varClass} names the member for every object ({@code dmap->refcnt}). */
  public RefcountT(Scheduler scheduler, String name, String varClass, int initial) {
    this.scheduler = scheduler;
    this.variable = SharedVariable.lockless(scheduler, name, varClass);
    this.name = name;
    this.value = initial;
    this.readLabel = "refcount_read(" + name + ")";
    this.incLabel = "refcount_inc(" + name + ")";
    this.decLabel = "refcount_dec(" + name + ")";
    this.decAndTestLabel = "refcount_dec_and_test(" + name + ")";
  }

  public int refcountRead() {
    return scheduler.step(readLabel, Ordering.RELAXED, () -> {
      variable.readOnce();
      return value;
    });
  }

  public void refcountInc() {
    scheduler.perform(
        incLabel,
        Ordering.RELAXED,
        () -> {
          if (value == 0) {
            throw new KernelWarning("refcount_t: addition on 0; use-after-free (" + name + ")");
          }
          variable.marked(SharedVariable.Kind.RMW, Ordering.RELAXED);
          value++;
        });
  }

  public void refcountDec() {
    scheduler.perform(
        decLabel,
        Ordering.RELEASE,
        () -> {
          if (value <= 1) {
            throw new KernelWarning("refcount_t: decrement hit 0; leaking memory (" + name + ")");
          }
          variable.marked(SharedVariable.Kind.RMW, Ordering.RELEASE);
          value--;
        });
  }

  public boolean refcountDecAndTest() {
    return scheduler.step(
        decAndTestLabel,
        Ordering.RELEASE,
        () -> {
          if (value <= 0) {
            throw new KernelWarning("refcount_t: underflow; use-after-free (" + name + ")");
          }
          variable.marked(SharedVariable.Kind.RMW, Ordering.RELEASE);
          return --value == 0;
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

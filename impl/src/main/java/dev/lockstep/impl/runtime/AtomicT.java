package dev.lockstep.impl.runtime;

/**
 * An {@code atomic_t}. Orderings follow Documentation/atomic_t.txt: non-value-returning RMW ops
 * and plain read/set are relaxed, value-returning RMW ops are fully ordered. One that lives in a
 * {@link Kasan} object has each access checked there. Every access is a marked access of its {@link SharedVariable}
 * (lockless: an {@code atomic_t} needs no lock), with the ordering above; a failed {@code atomic_inc_not_zero} is a
 * relaxed load (atomic_t.txt: a failed conditional RMW is unordered).
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
  private final Kasan.Field memory;
  private final SharedVariable variable;
  private int value;

  public AtomicT(Scheduler scheduler, String name, int initial) {
    this(scheduler, name, initial, Kasan.Field.UNCHECKED);
  }

  /** An {@code atomic_t} in the object member {@code memory}. */
  public AtomicT(Scheduler scheduler, String name, int initial, Kasan.Field memory) {
    this(scheduler, name, name, initial, memory);
  }

  /** As above; {@code varClass} names the member for every object ({@code bucket->count}). */
  public AtomicT(Scheduler scheduler, String name, String varClass, int initial, Kasan.Field memory) {
    this.scheduler = scheduler;
    this.variable = SharedVariable.lockless(scheduler, name, varClass);
    this.memory = memory;
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
    return scheduler.step(readLabel, Ordering.RELAXED, () -> {
      memory.access(readLabel);
      variable.readOnce();
      return value;
    });
  }

  public void atomicSet(int v) {
    scheduler.perform(setLabel, Ordering.RELAXED, () -> {
      memory.access(setLabel);
      variable.writeOnce();
      value = v;
    });
  }

  public void atomicInc() {
    scheduler.perform(incLabel, Ordering.RELAXED, () -> {
      memory.access(incLabel);
      variable.marked(SharedVariable.Kind.RMW, Ordering.RELAXED);
      value++;
    });
  }

  /** Relaxed: may take effect before the task's earlier in-flight plain accesses. */
  public void atomicDec() {
    scheduler.perform(decLabel, Ordering.RELAXED, () -> {
      memory.access(decLabel);
      variable.marked(SharedVariable.Kind.RMW, Ordering.RELAXED);
      value--;
    });
  }

  public boolean atomicDecAndTest() {
    return scheduler.step(decAndTestLabel, Ordering.FULL, () -> {
      memory.access(decAndTestLabel);
      variable.marked(SharedVariable.Kind.RMW, Ordering.FULL);
      return --value == 0;
    });
  }

  public boolean atomicIncNotZero() {
    return scheduler.step(
        incNotZeroLabel,
        Ordering.FULL,
        () -> {
          memory.access(incNotZeroLabel);
          if (value == 0) {
            variable.readOnce();
            return false;
          }
          variable.marked(SharedVariable.Kind.RMW, Ordering.FULL);
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

package dev.lockstep.impl.runtime;

/**
 * An {@code __rcu} pointer: readers load it with {@link #rcuDereference} inside an RCU read-side
 * section, the updater publishes with {@link #rcuAssignPointer} (a release store) and may read it
 * under the lock that serialises updates ({@link #rcuDereferenceProtected}).
 */
public final class RcuPointer<T> {
  private final Scheduler scheduler;
  private final Rcu rcu;
  private final String name;
  private T value;

  public RcuPointer(Scheduler scheduler, Rcu rcu, String name, T initial) {
    this.scheduler = scheduler;
    this.rcu = rcu;
    this.name = name;
    this.value = initial;
  }

  /**
   * {@code rcu_dereference(p)}: one scheduling point.
   *
   * @throws KernelWarning (in the effect) if the task is outside a read-side section, as lockdep's
   *     "suspicious rcu_dereference_check() usage" does
   */
  public T rcuDereference() {
    String me = scheduler.currentTask();
    String label = "rcu_dereference(" + name + ")";
    return scheduler.step(
        label,
        Ordering.RELAXED,
        () -> {
          if (!rcu.readers().contains(me)) {
            throw new KernelWarning(label + " by " + me + " outside an RCU read-side section");
          }
          return value;
        });
  }

  /**
   * {@code rcu_dereference_protected(p, lockdep_is_held(lock))}: a plain load by the holder of the
   * update lock, part of the caller's step (not a scheduling point).
   *
   * @throws KernelWarning if the calling task does not hold {@code lock}
   */
  public T rcuDereferenceProtected(ExclusiveLock lock) {
    lock.lockdepAssertHeld();
    return value;
  }

  /** {@code rcu_assign_pointer(p, v)}: a release store, one scheduling point. */
  public void rcuAssignPointer(T v) {
    scheduler.perform("rcu_assign_pointer(" + name + ")", Ordering.RELEASE, () -> value = v);
  }

  /** The pointer's value, read between steps (not a scheduling point). */
  public T get() {
    return value;
  }
}

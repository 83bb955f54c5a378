package dev.lockstep.impl.runtime;

/**
 * An {@code __rcu} pointer: readers load it with {@link #rcuDereference} inside an RCU read-side
 * section, the updater publishes with {@link #rcuAssignPointer} (a release store) and may read it
 * under the lock that serialises updates ({@link #rcuDereferenceProtected}). Its {@link SharedVariable} is guarded by
 * that lock: the updater's loads are plain, {@code rcu_dereference} a marked relaxed load (the LKMM adds the address
 * dependency, which the runtime, sequentially consistent for marked accesses, needs no rule for), {@code
 * rcu_assign_pointer} a marked release store.
 */
public final class RcuPointer<T> {
  private final Scheduler scheduler;
  private final Rcu rcu;
  private final String name;
  private final ExclusiveLock updateLock;
  private final SharedVariable variable;
  private T value;

  /** A pointer whose updates {@code updateLock} serialises. */
  public RcuPointer(Scheduler scheduler, Rcu rcu, String name, ExclusiveLock updateLock, T initial) {
    this.scheduler = scheduler;
    this.rcu = rcu;
    this.name = name;
    this.updateLock = updateLock;
    this.variable = SharedVariable.guardedBy(scheduler, name, name, updateLock);
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
          variable.readOnce();
          return value;
        });
  }

  /**
   * {@code rcu_dereference_protected(p, lockdep_is_held(lock))}: a plain load by the holder of the
   * update lock, part of the caller's step (not a scheduling point).
   *
   * @throws KernelWarning if the calling task does not hold the update lock
   */
  public T rcuDereferenceProtected() {
    updateLock.lockdepAssertHeld();
    variable.load();
    return value;
  }

  /** {@code rcu_assign_pointer(p, v)}: a release store, one scheduling point. */
  public void rcuAssignPointer(T v) {
    scheduler.perform("rcu_assign_pointer(" + name + ")", Ordering.RELEASE, () -> {
      variable.marked(SharedVariable.Kind.STORE, Ordering.RELEASE);
      value = v;
    });
  }

  /** The pointer's value, read between steps (not a scheduling point). */
  public T get() {
    return value;
  }
}

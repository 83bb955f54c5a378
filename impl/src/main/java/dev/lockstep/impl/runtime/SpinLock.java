package dev.lockstep.impl.runtime;

/** A spinlock (`spinlock_t`); the model does not distinguish spinning from sleeping. */
public final class SpinLock extends ExclusiveLock {
  /** A spinlock that is its own lock class (a global or per-connection lock). */
  public SpinLock(Scheduler scheduler, String name) {
    this(scheduler, name, name);
  }

  public SpinLock(Scheduler scheduler, String name, String lockClass) {
    super(scheduler, name, lockClass, "spin_lock", "spin_unlock", "spin_trylock");
  }
}

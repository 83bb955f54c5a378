package dev.lockstep.impl.runtime;

/** A spinlock (`spinlock_t`); the model does not distinguish spinning from sleeping. */
public final class SpinLock extends ExclusiveLock {
  public SpinLock(Scheduler scheduler, String name) {
    super(scheduler, name, "spin_lock", "spin_unlock", "spin_trylock");
  }
}

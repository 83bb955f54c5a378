package dev.lockstep.impl.runtime;

/** A sleeping mutex (`struct mutex`). */
public final class Mutex extends ExclusiveLock {
  /** A mutex that is its own lock class (a global or per-device lock). */
  public Mutex(Scheduler scheduler, String name) {
    this(scheduler, name, name);
  }

  public Mutex(Scheduler scheduler, String name, String lockClass) {
    super(scheduler, name, lockClass, "mutex_lock", "mutex_unlock", "mutex_trylock");
  }
}

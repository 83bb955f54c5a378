package dev.lockstep.impl.runtime;

/** A sleeping mutex (`struct mutex`). */
public final class Mutex extends ExclusiveLock {
  public Mutex(Scheduler scheduler, String name) {
    super(scheduler, name, "mutex_lock", "mutex_unlock", "mutex_trylock");
  }
}

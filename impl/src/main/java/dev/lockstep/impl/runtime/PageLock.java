package dev.lockstep.impl.runtime;

/** The lock bit of a page ({@code PG_locked}); every page's bit is one {@link LockDep} class. */
public final class PageLock extends ExclusiveLock {
  public static final String LOCK_CLASS = "PG_locked";

  public PageLock(Scheduler scheduler, String name) {
    super(scheduler, name, LOCK_CLASS, "lock_page", "unlock_page", "trylock_page");
  }

  /** {@code wait_on_page_locked}: blocks until the page is unlocked, without locking it. */
  public void waitOnPageLocked() {
    awaitUnlocked("wait_on_page_locked");
  }
}

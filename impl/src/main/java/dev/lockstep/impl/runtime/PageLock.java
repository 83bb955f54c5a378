package dev.lockstep.impl.runtime;

/** The lock bit of a page ({@code PG_locked}). */
public final class PageLock extends ExclusiveLock {
  public PageLock(Scheduler scheduler, String name) {
    super(scheduler, name, "lock_page", "unlock_page", "trylock_page");
  }

  /** {@code wait_on_page_locked}: blocks until the page is unlocked, without locking it. */
  public void waitOnPageLocked() {
    awaitUnlocked("wait_on_page_locked");
  }
}

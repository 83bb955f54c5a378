package dev.lockstep.impl.runtime;

/**
 * A page-cache folio's state bits and their waits: {@code PG_locked} (a {@link PageLock}), {@code PG_dirty} and
 * {@code PG_writeback}. Every operation is a scheduling point named as in {@code mm/filemap.c} and {@code
 * mm/page-writeback.c}; the bits change only inside effects. The rules the kernel enforces with {@code
 * VM_BUG_ON_FOLIO} are checked here and fail the run as a {@link KernelWarning}: dirty bits are cleared for I/O and
 * writeback is started only under the folio lock, and writeback is never started twice nor ended when not started.
 * Who may set {@code PG_dirty} without the lock is the caller's business (the kernel's {@code folio_mark_dirty}
 * callers hold it or a pin), so {@link #markDirty} does not check it.
 */
public final class Folio {
  /** The {@link LockDep} class of waits for {@code PG_writeback} to clear. */
  public static final String WRITEBACK_CLASS = "PG_writeback";

  private final Scheduler scheduler;
  private final String name;
  private final PageLock lock;
  private boolean dirty;
  private boolean writeback;

  public Folio(Scheduler scheduler, String name) {
    this.scheduler = scheduler;
    this.name = name;
    this.lock = new PageLock(scheduler, name);
  }

  /** {@code folio_lock}. */
  public void lock() {
    lock.lock();
  }

  /** {@code folio_unlock}. */
  public void unlock() {
    lock.unlock();
  }

  /** {@code folio_mark_dirty}: sets {@code PG_dirty}. */
  public void markDirty() {
    scheduler.perform("folio_mark_dirty(" + name + ")", Ordering.RELAXED, () -> dirty = true);
  }

  /**
   * {@code folio_clear_dirty_for_io} under the folio lock: clears {@code PG_dirty} and returns whether it was set.
   * (Write-protecting the folio's PTEs, {@code folio_mkclean}, is the caller's: the runtime has no page tables.)
   */
  public boolean clearDirtyForIo() {
    return scheduler.step("folio_clear_dirty_for_io(" + name + ")", Ordering.RELAXED, () -> {
      lock.lockdepAssertHeld();
      boolean was = dirty;
      dirty = false;
      return was;
    });
  }

  /** {@code folio_start_writeback} under the folio lock. */
  public void startWriteback() {
    scheduler.perform("folio_start_writeback(" + name + ")", Ordering.RELAXED, () -> {
      lock.lockdepAssertHeld();
      if (writeback) {
        throw new KernelWarning("folio_start_writeback(" + name + "): already under writeback");
      }
      writeback = true;
    });
  }

  /** {@code folio_end_writeback}: clears {@code PG_writeback} (its waiters' guards then hold). */
  public void endWriteback() {
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.wake(WRITEBACK_CLASS);
    }
    scheduler.perform("folio_end_writeback(" + name + ")", Ordering.RELEASE, () -> {
      if (!writeback) {
        throw new KernelWarning("folio_end_writeback(" + name + "): not under writeback");
      }
      writeback = false;
    });
  }

  /**
   * {@code folio_wait_writeback}: blocks until {@code PG_writeback} is clear. The wake-up of {@code
   * folio_end_writeback} is the guard becoming true; no wake-up can be missed.
   */
  public void waitWriteback() {
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.sleep(WRITEBACK_CLASS);
    }
    scheduler.await("folio_wait_writeback(" + name + ")", Ordering.ACQUIRE, () -> !writeback,
        () -> WaitsFor.event("folio_end_writeback(" + name + ")"), () -> null);
  }

  /** {@code folio_test_dirty}; read between steps or inside an effect. */
  public boolean dirty() {
    return dirty;
  }

  /** {@code folio_test_writeback}; read between steps or inside an effect. */
  public boolean writeback() {
    return writeback;
  }

  /** Holder of {@code PG_locked}, if any; read between steps. */
  public java.util.Optional<String> lockOwner() {
    return lock.owner();
  }

  public String name() {
    return name;
  }
}

package dev.lockstep.impl.runtime;

/**
 * A page-cache folio's state bits and their waits: {@code PG_locked} (a {@link PageLock}), {@code PG_dirty} and
 * {@code PG_writeback}. Every operation is a scheduling point named as in {@code mm/filemap.c} and {@code
 * mm/page-writeback.c}; the bits change only inside effects. The rules the kernel enforces with {@code
 * VM_BUG_ON_FOLIO} are checked here and fail the run as a {@link KernelWarning}: dirty bits are cleared for I/O and
 * writeback is started only under the folio lock, and writeback is never started twice nor ended when not started.
 * Who may set {@code PG_dirty} without the lock is the caller's business (the kernel's {@code folio_mark_dirty}
 * callers hold it or a pin), so {@link #markDirty} does not check it.
 *
 * <p>{@code PG_dirty} and {@code PG_writeback} are {@link SharedVariable}s without a lock of their own (the kernel's
 * bit operations on {@code folio->flags}), each operation declaring the access the kernel makes
 * (Documentation/atomic_bitops.txt). A {@code test_and_{set,clear}_bit} that changes the bit is fully ordered. One that
 * leaves it unchanged was unordered from 61e02392d3c7 ("locking/atomic/bitops: Document and clarify ordering
 * semantics for failed test_and_{}_bit()", 2018) until 415d83249709 ("locking/atomic: Make test_and_*_bit() ordered
 * on failure", v6.0) and is fully ordered since: the folio is told which ({@code failedTestAndSetOrdered}); a model
 * that spans both sides declares the weaker, a relaxed load. Simplifications: the two bits share one word in the
 * kernel ({@code folio->flags}, with {@code PG_locked}), one location for the LKMM, and are two variables here (no
 * pair across them is found); the kernel sets and clears {@code PG_writeback} under the mapping's {@code i_pages}
 * lock as well ({@code __folio_start_writeback}, {@code __folio_end_writeback}: FUSE's mappings use writeback tags),
 * which is not modelled, so pairs of those two are listed although that lock orders them.
 */
public final class Folio {
  /** The {@link LockDep} class of waits for {@code PG_writeback} to clear. */
  public static final String WRITEBACK_CLASS = "PG_writeback";

  private final Scheduler scheduler;
  private final String name;
  private final PageLock lock;
  private final SharedVariable dirtyBit;
  private final SharedVariable writebackBit;
  private final boolean failedTestAndSetOrdered;
  private boolean dirty;
  private boolean writeback;

  /**
   * A folio of a kernel where a {@code test_and_{set,clear}_bit} that leaves the bit unchanged is fully ordered
   * ({@code failedTestAndSetOrdered}: v6.0 on) or not.
   */
  public Folio(Scheduler scheduler, String name, boolean failedTestAndSetOrdered) {
    this.scheduler = scheduler;
    this.name = name;
    this.failedTestAndSetOrdered = failedTestAndSetOrdered;
    this.lock = new PageLock(scheduler, name);
    this.dirtyBit = SharedVariable.lockless(scheduler, name + "->flags: PG_dirty", "folio->flags: PG_dirty");
    this.writebackBit = SharedVariable.lockless(scheduler, name + "->flags: PG_writeback",
        "folio->flags: PG_writeback");
  }

  /** {@code folio_lock}. */
  public void lock() {
    lock.lock();
  }

  /** {@code folio_unlock}. */
  public void unlock() {
    lock.unlock();
  }

  /**
   * {@code folio_mark_dirty}: sets {@code PG_dirty} with {@code folio_test_set_dirty} (FUSE's {@code
   * filemap_dirty_folio}; {@code TestSetPageDirty} in {@code __set_page_dirty_nobuffers} before the folios).
   */
  public void markDirty() {
    scheduler.perform("folio_mark_dirty(" + name + ")", Ordering.RELAXED, () -> {
      testAndChange(dirtyBit, !dirty);
      dirty = true;
    });
  }

  /**
   * {@code folio_clear_dirty_for_io} under the folio lock: clears {@code PG_dirty} and returns whether it was set.
   * (Write-protecting the folio's PTEs, {@code folio_mkclean}, is the caller's: the runtime has no page tables.)
   */
  public boolean clearDirtyForIo() {
    return scheduler.step("folio_clear_dirty_for_io(" + name + ")", Ordering.RELAXED, () -> {
      lock.lockdepAssertHeld();
      boolean was = dirty;
      testAndChange(dirtyBit, !was); // folio_test_clear_dirty (TestClearPageDirty)
      dirty = false;
      return was;
    });
  }

  /** {@code folio_start_writeback} under the folio lock: {@code folio_test_set_writeback} (TestSetPageWriteback). */
  public void startWriteback() {
    scheduler.perform("folio_start_writeback(" + name + ")", Ordering.RELAXED, () -> {
      lock.lockdepAssertHeld();
      if (writeback) {
        throw new KernelWarning("folio_start_writeback(" + name + "): already under writeback");
      }
      testAndChange(writebackBit, true);
      writeback = true;
    });
  }

  /**
   * {@code folio_end_writeback}: clears {@code PG_writeback} (its waiters' guards then hold). A release: from v6.7
   * {@code __folio_end_writeback} clears it with {@code folio_xor_flags_has_waiters}, {@code
   * xor_unlock_is_negative_byte} ({@code atomic_long_fetch_xor_release} in asm-generic/bitops/lock.h); before, with
   * {@code folio_test_clear_writeback} / {@code TestClearPageWriteback}, fully ordered since it changes the bit. The
   * weaker is declared.
   */
  public void endWriteback() {
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.wake(WRITEBACK_CLASS);
    }
    scheduler.perform("folio_end_writeback(" + name + ")", Ordering.RELEASE, () -> {
      if (!writeback) {
        throw new KernelWarning("folio_end_writeback(" + name + "): not under writeback");
      }
      writebackBit.marked(SharedVariable.Kind.RMW, Ordering.RELEASE);
      writeback = false;
    });
  }

  /**
   * {@code folio_wait_writeback}: blocks until {@code PG_writeback} is clear. The wake-up of {@code
   * folio_end_writeback} is the guard becoming true; no wake-up can be missed. The kernel returns once {@code
   * folio_test_writeback}, a {@code test_bit}, finds the bit clear: a relaxed load that ends a wait loop ({@link
   * SharedVariable#readOnceEndingWait}), which orders nothing after it. (The step's scheduler ordering, acquire, is
   * stronger than that; the writeback model runs under sequential consistency only, where it makes no difference.)
   * {@code thenInTheSameStep} runs right after the test, in the same step: where the caller's next operation is the
   * fence that orders what follows the wait.
   */
  public void waitWriteback(Runnable thenInTheSameStep) {
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.sleep(WRITEBACK_CLASS);
    }
    scheduler.await("folio_wait_writeback(" + name + ")", Ordering.ACQUIRE, () -> !writeback,
        () -> WaitsFor.event("folio_end_writeback(" + name + ")"), () -> {
          writebackBit.readOnceEndingWait();
          thenInTheSameStep.run();
          return null;
        });
  }

  /** {@code folio_wait_writeback} followed by nothing in its step (see {@link #waitWriteback(Runnable)}). */
  public void waitWriteback() {
    waitWriteback(() -> { });
  }

  /**
   * The access of a {@code test_and_{set,clear}_bit} on {@code bit}: a fully ordered read-modify-write if it changes
   * the bit, else a load, fully ordered or relaxed as the kernel makes it (see the class comment).
   */
  private void testAndChange(SharedVariable bit, boolean changes) {
    if (changes) {
      bit.marked(SharedVariable.Kind.RMW, Ordering.FULL);
    } else if (failedTestAndSetOrdered) {
      bit.marked(SharedVariable.Kind.LOAD, Ordering.FULL);
    } else {
      bit.readOnce();
    }
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

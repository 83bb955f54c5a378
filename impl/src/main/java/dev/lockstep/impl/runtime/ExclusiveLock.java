package dev.lockstep.impl.runtime;

import static com.google.common.base.Preconditions.checkState;

import java.util.Optional;

/**
 * A lock with at most one owner task. Subclasses give the kernel's names for the operations, so
 * step labels read like the kernel ({@code mutex_lock(fi->lock)}). Acquisition has acquire
 * ordering, release has release ordering; there is no fairness among waiters.
 */
public abstract class ExclusiveLock {
  protected final Scheduler scheduler;
  private final String name;
  private final String lockClass;
  private final String lockLabel;
  private final String unlockLabel;
  private final String trylockLabel;
  private String owner;

  /** {@code lockClass} names the lock's class for {@link LockDep} (e.g. {@code fi->dax->sem} of every inode). */
  protected ExclusiveLock(
      Scheduler scheduler,
      String name,
      String lockClass,
      String lockOp,
      String unlockOp,
      String trylockOp) {
    this.scheduler = scheduler;
    this.name = name;
    this.lockClass = lockClass;
    this.lockLabel = lockOp + "(" + name + ")";
    this.unlockLabel = unlockOp + "(" + name + ")";
    this.trylockLabel = trylockOp == null ? null : trylockOp + "(" + name + ")";
    scheduler.registerLock(this);
  }

  public final void lock() {
    String me = scheduler.currentTask();
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.acquire(this, lockClass, LockDep.Mode.WRITE);
    }
    scheduler.await(
        lockLabel,
        Ordering.ACQUIRE,
        () -> owner == null,
        () -> WaitsFor.heldBy(name, owner),
        () -> {
          owner = me;
          return null;
        });
  }

  /** Only for locks the kernel offers a trylock for (not DAX entries). */
  public final boolean tryLock() {
    checkState(trylockLabel != null, "%s has no trylock", name);
    String me = scheduler.currentTask();
    boolean taken =
        scheduler.step(
            trylockLabel,
            Ordering.ACQUIRE,
            () -> {
              if (owner != null) {
                return false;
              }
              owner = me;
              return true;
            });
    LockDep.Run lockdep = scheduler.lockdep;
    if (taken && lockdep != null) {
      lockdep.acquired(this, lockClass, LockDep.Mode.WRITE);
    }
    return taken;
  }

  public final void unlock() {
    String me = scheduler.currentTask();
    scheduler.perform(
        unlockLabel,
        Ordering.RELEASE,
        () -> {
          if (!me.equals(owner)) {
            throw new KernelWarning(unlockLabel + " by " + me + " but owner is " + owner);
          }
          owner = null;
        });
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.release(this);
    }
  }

  /**
   * {@code lockdep_assert_held(lock)}: the calling task holds the lock. Called where the kernel
   * reads or writes what the lock protects, so a dropped lock fails wherever the data is touched.
   *
   * @throws KernelWarning naming the lock and the task if it does not
   */
  public final void lockdepAssertHeld() {
    String me = scheduler.currentTask();
    if (!me.equals(owner)) {
      throw new KernelWarning(
          "lockdep_assert_held(" + name + ") failed: " + me + " does not hold it (owner "
              + (owner == null ? "none" : owner) + ")");
    }
  }

  /** Blocks until the lock is free without taking it ({@code wait_on_page_locked}-style). */
  protected final void awaitUnlocked(String label) {
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.awaitUnlocked(lockClass);
    }
    scheduler.await(
        label + "(" + name + ")",
        Ordering.ACQUIRE,
        () -> owner == null,
        () -> WaitsFor.heldBy(name, owner),
        () -> null);
  }

  public final String name() {
    return name;
  }

  public final String lockClass() {
    return lockClass;
  }

  /** The holding task; read between steps (not a scheduling point). */
  public final Optional<String> owner() {
    return Optional.ofNullable(owner);
  }
}

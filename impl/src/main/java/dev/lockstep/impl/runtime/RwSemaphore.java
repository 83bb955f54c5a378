package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableMultiset;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.LinkedHashMultiset;
import com.google.common.collect.Multiset;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code struct rw_semaphore}. As in the kernel, a writer that found the semaphore busy and
 * queued blocks every later {@code down_read} until it has had its turn. Modelled precisely:
 * {@code down_write} on a busy semaphore takes two steps, one that queues the writer ({@code
 * down_write(sem)}) and one that takes the semaphore once it is free ({@code
 * down_write(sem):woken}). Simplification: blocked readers hold no queue position, so when the
 * semaphore frees up, queued writers go before readers that blocked earlier.
 */
public final class RwSemaphore {
  private final Scheduler scheduler;
  private final String name;
  private final String lockClass;
  private final String downReadLabel;
  private final String downWriteLabel;
  private final String downWriteWokenLabel;
  private final String upReadLabel;
  private final String upWriteLabel;
  private final String downReadTrylockLabel;
  private final String downWriteTrylockLabel;
  private final Multiset<String> readers = LinkedHashMultiset.create();
  private final Set<String> queuedWriters = new LinkedHashSet<>();
  private String writer;

  /** A semaphore that is its own lock class (a global or per-device one). */
  public RwSemaphore(Scheduler scheduler, String name) {
    this(scheduler, name, name);
  }

  /** {@code lockClass} names the semaphore's class for {@link LockDep} (e.g. {@code fi->dax->sem} of every inode). */
  public RwSemaphore(Scheduler scheduler, String name, String lockClass) {
    this.scheduler = scheduler;
    this.name = name;
    this.lockClass = lockClass;
    this.downReadLabel = "down_read(" + name + ")";
    this.downWriteLabel = "down_write(" + name + ")";
    this.downWriteWokenLabel = downWriteLabel + ":woken";
    this.upReadLabel = "up_read(" + name + ")";
    this.upWriteLabel = "up_write(" + name + ")";
    this.downReadTrylockLabel = "down_read_trylock(" + name + ")";
    this.downWriteTrylockLabel = "down_write_trylock(" + name + ")";
    scheduler.registerLock(this);
  }

  public void downRead() {
    String me = scheduler.currentTask();
    lockdepAcquire(LockDep.Mode.READ);
    scheduler.await(
        downReadLabel,
        Ordering.ACQUIRE,
        this::readable,
        () ->
            WaitsFor.heldBy(
                name + (writer == null ? " (writer queued)" : ""),
                writer == null ? queuedWriters : ImmutableSet.of(writer)),
        () -> {
          readers.add(me);
          return null;
        });
  }

  public boolean downReadTrylock() {
    String me = scheduler.currentTask();
    return lockdepAcquired(
        LockDep.Mode.READ,
        scheduler.step(
            downReadTrylockLabel,
            Ordering.ACQUIRE,
            () -> {
              if (!readable()) {
                return false;
              }
              readers.add(me);
              return true;
            }));
  }

  public void upRead() {
    String me = scheduler.currentTask();
    scheduler.perform(
        upReadLabel,
        Ordering.RELEASE,
        () -> {
          if (!readers.remove(me)) {
            throw new KernelWarning(upReadLabel + " by " + me + " who does not hold it");
          }
        });
    lockdepRelease();
  }

  public void downWrite() {
    String me = scheduler.currentTask();
    lockdepAcquire(LockDep.Mode.WRITE);
    boolean acquired =
        scheduler.step(
            downWriteLabel,
            Ordering.ACQUIRE,
            () -> {
              if (free()) {
                writer = me;
                return true;
              }
              queuedWriters.add(me);
              scheduler.operationContinues();
              return false;
            });
    if (!acquired) {
      scheduler.await(
          downWriteWokenLabel,
          Ordering.ACQUIRE,
          this::free,
          () -> WaitsFor.heldBy(name, holders()),
          () -> {
            queuedWriters.remove(me);
            writer = me;
            return null;
          });
    }
  }

  public boolean downWriteTrylock() {
    String me = scheduler.currentTask();
    return lockdepAcquired(
        LockDep.Mode.WRITE,
        scheduler.step(
            downWriteTrylockLabel,
            Ordering.ACQUIRE,
            () -> {
              if (!free()) {
                return false;
              }
              writer = me;
              return true;
            }));
  }

  public void upWrite() {
    String me = scheduler.currentTask();
    scheduler.perform(
        upWriteLabel,
        Ordering.RELEASE,
        () -> {
          if (!me.equals(writer)) {
            throw new KernelWarning(upWriteLabel + " by " + me + " but writer is " + writer);
          }
          writer = null;
        });
    lockdepRelease();
  }

  /** {@code down_read} is lockdep's non-recursive read ({@code rwsem_acquire_read}: read = 1). */
  private void lockdepAcquire(LockDep.Mode mode) {
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.acquire(this, lockClass, mode);
    }
  }

  private boolean lockdepAcquired(LockDep.Mode mode, boolean taken) {
    LockDep.Run lockdep = scheduler.lockdep;
    if (taken && lockdep != null) {
      lockdep.acquired(this, lockClass, mode);
    }
    return taken;
  }

  private void lockdepRelease() {
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.release(this);
    }
  }

  private boolean readable() {
    return writer == null && queuedWriters.isEmpty();
  }

  private boolean free() {
    return writer == null && readers.isEmpty();
  }

  private ImmutableSet<String> holders() {
    return writer != null ? ImmutableSet.of(writer) : ImmutableSet.copyOf(readers.elementSet());
  }

  /**
   * {@code lockdep_assert_held(sem)}: the calling task holds the semaphore, shared or exclusive.
   *
   * @throws KernelWarning if it does not
   */
  public void lockdepAssertHeld() {
    String me = scheduler.currentTask();
    if (!me.equals(writer) && !readers.contains(me)) {
      throw new KernelWarning("lockdep_assert_held(" + name + ") failed: " + me + " does not hold it");
    }
  }

  /**
   * {@code lockdep_assert_held_write(sem)}: the calling task holds the semaphore exclusive.
   *
   * @throws KernelWarning if it does not
   */
  public void lockdepAssertHeldWrite() {
    String me = scheduler.currentTask();
    if (!me.equals(writer)) {
      throw new KernelWarning(
          "lockdep_assert_held_write(" + name + ") failed: " + me + " does not hold it exclusive");
    }
  }

  public String name() {
    return name;
  }

  /** Read between steps (not a scheduling point). */
  /** Whether {@code task} holds the semaphore shared. */
  boolean heldShared(String task) {
    return readers.contains(task);
  }

  public Optional<String> writer() {
    return Optional.ofNullable(writer);
  }

  public ImmutableMultiset<String> readers() {
    return ImmutableMultiset.copyOf(readers);
  }

  public ImmutableSet<String> queuedWriters() {
    return ImmutableSet.copyOf(queuedWriters);
  }
}

package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RCU (one domain). A grace period started at some step ends once every task that was inside a
 * read-side critical section at that step has left it (its outermost {@code rcu_read_unlock}).
 * {@code synchronize_rcu} blocks until then; a {@code kfree_rcu} callback becomes an alternative
 * owned by {@link Scheduler#RCU} that the schedule may run at any step after its grace period, so
 * the callback runs at an arbitrary later time, as it does in the kernel.
 *
 * <p>{@code kfree_rcu} of a {@link Kasan} object writes the object's {@code rcu_head} when it is
 * called, and the callback poisons the object. The write at call time is one path of the kernel's:
 * Tiny RCU passes the head to {@code call_rcu}, which writes it; Tree RCU's {@code
 * kvfree_call_rcu} first tries to store the pointer in a per-CPU bulk array and writes {@code
 * head->func} and {@code head->next} only when that fails. The model always takes the writing
 * path, so what it shows of a {@code union} with the head is realisable, not inevitable.
 */
public final class Rcu {
  /** The {@link LockDep} class of read-side sections, as the kernel's {@code rcu_lock_map} is named. */
  public static final String LOCK_CLASS = "rcu_read_lock";

  private final Scheduler scheduler;
  /** Nesting depth of each task currently in a read-side section. */
  private final Map<String, Integer> nesting = new LinkedHashMap<>();
  /** Number of outermost read-side sections each task has left. */
  private final Map<String, Long> exits = new HashMap<>();
  /** Objects handed to {@code kfree_rcu} whose callback has not run, with its grace period. */
  private final Map<String, GracePeriod> pendingFrees = new LinkedHashMap<>();

  public Rcu(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** {@code rcu_read_lock} is a recursive read of lockdep's {@code rcu_lock_map} ({@code rcu_lock_acquire}). */
  public void rcuReadLock() {
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.acquire(this, LOCK_CLASS, LockDep.Mode.RECURSIVE_READ);
    }
    String me = scheduler.currentTask();
    scheduler.perform("rcu_read_lock()", Ordering.RELAXED, () -> nesting.merge(me, 1, Integer::sum));
  }

  /**
   * Release ordering: the section's plain accesses perform before the reader leaves it, so none can
   * perform after a grace period that did not wait for it (the LKMM's RCU guarantee; litmus tests
   * RCU+sync+read and RCU+sync+free).
   */
  public void rcuReadUnlock() {
    String me = scheduler.currentTask();
    scheduler.perform(
        "rcu_read_unlock()",
        Ordering.RELEASE,
        () -> {
          Integer depth = nesting.get(me);
          if (depth == null) {
            throw new KernelWarning("rcu_read_unlock() by " + me + " outside a read section");
          }
          if (depth == 1) {
            nesting.remove(me);
            exits.merge(me, 1L, Long::sum);
          } else {
            nesting.put(me, depth - 1);
          }
        });
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.release(this);
    }
  }

  public void synchronizeRcu() {
    GracePeriod gp = scheduler.step("synchronize_rcu()", Ordering.FULL, this::startGracePeriod);
    scheduler.await(
        "synchronize_rcu():wait",
        Ordering.FULL,
        gp::elapsed,
        gp::waitsFor,
        () -> null);
  }

  /** {@code kfree_rcu(obj)}: {@code free} runs as an RCU callback after a grace period. */
  public void kfreeRcu(String object, Runnable free) {
    scheduler.perform(
        "kfree_rcu(" + object + ")",
        Ordering.RELEASE,
        () -> {
          GracePeriod gp = startGracePeriod();
          scheduler.defer("kfree_rcu callback(" + object + ")", gp::elapsed, gp::waitsFor, free);
        });
  }

  /**
   * {@code kfree_rcu(obj, rcuHead)}: writes {@code obj->rcuHead} now (over the other members of its
   * union, if any), and after a grace period the callback frees and poisons {@code obj}, then runs
   * {@code afterFree} (for the model's bookkeeping).
   */
  public void kfreeRcu(Kasan.Allocation obj, String rcuHead, Runnable afterFree) {
    String label = "kfree_rcu(" + obj.name() + ", " + rcuHead + ")";
    scheduler.perform(
        label,
        Ordering.RELEASE,
        () -> {
          obj.field(rcuHead).write(label);
          obj.rcuPending();
          GracePeriod gp = startGracePeriod();
          pendingFrees.put(obj.name(), gp);
          scheduler.defer(
              "kfree_rcu callback(" + obj.name() + ")",
              gp::elapsed,
              gp::waitsFor,
              () -> {
                pendingFrees.remove(obj.name());
                obj.free("kfree_rcu callback after a grace period");
                afterFree.run();
              });
        });
  }

  /**
   * The readers the pending {@code kfree_rcu} of {@code object} still waits for (empty if there is
   * none, or its grace period has elapsed); read between steps.
   */
  public ImmutableSet<String> gracePeriodReaders(String object) {
    GracePeriod gp = pendingFrees.get(object);
    return gp == null ? ImmutableSet.of() : ImmutableSet.copyOf(gp.waitsFor().holders());
  }

  /** Tasks in a read-side section; read between steps. */
  public ImmutableSet<String> readers() {
    return ImmutableSet.copyOf(nesting.keySet());
  }

  private GracePeriod startGracePeriod() {
    ImmutableMap.Builder<String, Long> waitFor = ImmutableMap.builder();
    nesting.keySet().forEach(t -> waitFor.put(t, exits.getOrDefault(t, 0L)));
    return new GracePeriod(waitFor.build());
  }

  /** The readers a grace period waits for, with their exit count when it started. */
  private final class GracePeriod {
    private final ImmutableMap<String, Long> exitsAtStart;

    GracePeriod(ImmutableMap<String, Long> exitsAtStart) {
      this.exitsAtStart = exitsAtStart;
    }

    boolean elapsed() {
      return exitsAtStart.entrySet().stream()
          .allMatch(e -> exits.getOrDefault(e.getKey(), 0L) > e.getValue());
    }

    WaitsFor waitsFor() {
      return WaitsFor.heldBy(
          "RCU grace period",
          exitsAtStart.keySet().stream()
              .filter(t -> exits.getOrDefault(t, 0L) <= exitsAtStart.get(t))
              .toList());
    }
  }
}

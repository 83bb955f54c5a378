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
 */
public final class Rcu {
  private final Scheduler scheduler;
  /** Nesting depth of each task currently in a read-side section. */
  private final Map<String, Integer> nesting = new LinkedHashMap<>();
  /** Number of outermost read-side sections each task has left. */
  private final Map<String, Long> exits = new HashMap<>();

  public Rcu(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  public void rcuReadLock() {
    String me = scheduler.currentTask();
    scheduler.perform("rcu_read_lock()", Ordering.RELAXED, () -> nesting.merge(me, 1, Integer::sum));
  }

  public void rcuReadUnlock() {
    String me = scheduler.currentTask();
    scheduler.perform(
        "rcu_read_unlock()",
        Ordering.RELAXED,
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

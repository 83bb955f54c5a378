package dev.lockstep.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class MemoryOrderingTest {

  /** Every order in which a task's copy access and its following decrement become visible. */
  private static Set<String> visibleOrders(boolean relaxedDec) {
    return visibleOrders(relaxedDec, MemoryModel.LKMM_SUBSET);
  }

  /**
   * Every order in which a task's copy access and its following decrement become visible under
   * {@code model}; a step the scheduler flags as a reordering is marked {@code (reordered)}.
   */
  private static Set<String> visibleOrders(boolean relaxedDec, MemoryModel model) {
    return runs(
        model,
        0,
        2,
        (s, notes) -> {
          AtomicT cnt = new AtomicT(s, "cnt", 2);
          RefcountT refcnt = new RefcountT(s, "refcnt", 2);
          s.spawn(
              "reader",
              () -> {
                s.access("copy_to_user", () -> {});
                if (relaxedDec) {
                  cnt.atomicDec();
                } else {
                  refcnt.refcountDecAndTest();
                }
              });
        });
  }

  /**
   * Explores every schedule of the tasks {@code spawn} spawns under {@code model}: per run, its
   * steps {@code from} to {@code to} (the earlier ones set up), joined by ";", a step the scheduler
   * flags as a reordering marked {@code (reordered)}, then " | " and the notes the run made, if any.
   */
  private static Set<String> runs(
      MemoryModel model, int from, int to, BiConsumer<Scheduler, List<String>> spawn) {
    Set<String> runs = new TreeSet<>();
    Explorer.Result r =
        Explorer.explore(
            s -> {
              s.useMemoryModel(model);
              List<String> steps = new ArrayList<>();
              List<String> notes = new ArrayList<>();
              s.addListener(
                  (step, task, label) -> {
                    steps.add(label + (s.stepReordered() ? " (reordered)" : ""));
                    if (steps.size() == to) {
                      runs.add(String.join(";", steps.subList(from, to))
                          + (notes.isEmpty() ? "" : " | " + notes));
                    }
                  });
              spawn.accept(s, notes);
              return null;
            },
            50,
            1000,
            Explorer::completedOrPruned);
    assertTrue(r.exhausted());
    return runs;
  }

  @Test
  void relaxedAtomicDecMayBecomeVisibleBeforeTheEarlierCopy() {
    assertEquals(
        Set.of("atomic_dec(cnt) (reordered);copy_to_user", "copy_to_user;atomic_dec(cnt)"),
        visibleOrders(true));
  }

  @Test
  void underSequentialConsistencyNothingOvertakesTheCopy() {
    assertEquals(Set.of("copy_to_user;atomic_dec(cnt)"), visibleOrders(true, MemoryModel.SC));
    assertEquals(
        Set.of("copy_to_user;refcount_dec_and_test(refcnt)"), visibleOrders(false, MemoryModel.SC));
  }

  @Test
  void aRelaxedOperationMergedAfterAnAccessInAnAtomicSectionIsAReordering() {
    List<String> steps = new ArrayList<>();
    Scheduler s = new Scheduler(enabled -> enabled.size() - 1);
    AtomicT cnt = new AtomicT(s, "cnt", 2);
    s.addListener((step, task, label) -> steps.add(label + (s.stepReordered() ? " (reordered)" : "")));
    s.spawn(
        "t",
        () ->
            s.atomic(
                () -> {
                  cnt.atomicInc();
                  s.access("copy_to_user", () -> {});
                  cnt.atomicDec();
                }));
    assertTrue(s.run().completed());
    assertEquals(
        List.of("atomic_inc(cnt) + atomic_dec(cnt) (reordered)", "copy_to_user"), steps);
  }

  @Test
  void theMemoryModelIsChosenBeforeTheRun() {
    Scheduler s = new Scheduler(enabled -> 0);
    s.spawn("t", () -> {});
    assertTrue(s.run().completed());
    assertThrows(IllegalStateException.class, () -> s.useMemoryModel(MemoryModel.SC));
  }

  @Test
  void refcountDecAndTestNeverBecomesVisibleBeforeTheEarlierCopy() {
    assertEquals(Set.of("copy_to_user;refcount_dec_and_test(refcnt)"), visibleOrders(false));
  }

  @Test
  void inFlightAccessesPerformInProgramOrderAndBeforeABarrier() {
    List<List<String>> offered = new ArrayList<>();
    Scheduler s =
        new Scheduler(
            enabled -> {
              offered.add(enabled.stream().map(Choice::toString).toList());
              return 0;
            });
    s.spawn(
        "t",
        () -> {
          s.access("load1", () -> {});
          s.access("load2", () -> {});
          Barriers.smpMb(s);
        });
    assertTrue(s.run().completed());
    assertEquals(List.of(List.of("t:load1"), List.of("t:load2"), List.of("t:smp_mb()")), offered);
  }

  /**
   * Every order in which a task's buffered {@code rcu_assign_pointer + spin_unlock} and its next
   * operation {@code next} (given the counter and a second lock) become visible under {@code
   * model}, with the step after which the buffered write's {@code whenPerformed} ran and the
   * lock's owner then.
   */
  private static Set<String> ordersAfterBufferedRelease(
      MemoryModel model, BiConsumer<AtomicT, SpinLock> next) {
    return runs(
        model,
        1,
        3,
        (s, notes) -> {
          SpinLock lock = new SpinLock(s, "fc->lock");
          SpinLock other = new SpinLock(s, "other");
          RcuPointer<Integer> curr = new RcuPointer<>(s, new Rcu(s), "fc->curr_bucket", lock, 0);
          AtomicT cnt = new AtomicT(s, "cnt", 1);
          long[] steps = {0};
          s.addListener((step, task, label) -> steps[0] = step);
          s.spawn(
              "syncfs",
              () -> {
                lock.lock();
                s.bufferRelease(
                    () -> {
                      curr.rcuAssignPointer(1);
                      lock.unlock();
                    },
                    () -> notes.add("step " + steps[0] + ", owner " + lock.owner().orElse("none")));
                next.accept(cnt, other);
              });
        });
  }

  private static final String BUFFERED = "rcu_assign_pointer(fc->curr_bucket) + spin_unlock(fc->lock)";

  @Test
  void aRelaxedOperationMayTakeEffectBeforeABufferedReleaseUnderLkmmSubsetOnly() {
    assertEquals(
        Set.of(
            "atomic_dec(cnt) (reordered);" + BUFFERED + " | [step 2, owner none]",
            BUFFERED + ";atomic_dec(cnt) | [step 1, owner none]"),
        ordersAfterBufferedRelease(MemoryModel.LKMM_SUBSET, (cnt, other) -> cnt.atomicDec()));
    assertEquals(
        Set.of(BUFFERED + ";atomic_dec(cnt) | [step 1, owner none]"),
        ordersAfterBufferedRelease(MemoryModel.SC, (cnt, other) -> cnt.atomicDec()));
  }

  @Test
  void anAcquireWaitsForABufferedRelease() {
    assertEquals(
        Set.of(BUFFERED + ";spin_lock(other) | [step 1, owner none]"),
        ordersAfterBufferedRelease(MemoryModel.LKMM_SUBSET, (cnt, other) -> other.lock()));
  }

  @Test
  void aBufferedReleaseHoldsItsLockUntilItPerforms() {
    List<String> steps = new ArrayList<>();
    List<String> offeredAfterDec = new ArrayList<>();
    Scheduler s =
        new Scheduler(
            Schedules.replay(
                List.of("a:spin_lock(l)", "a:atomic_dec(cnt)"),
                enabled -> {
                  if (offeredAfterDec.isEmpty()) {
                    enabled.forEach(c -> offeredAfterDec.add(c.toString()));
                  }
                  return 0;
                }));
    SpinLock lock = new SpinLock(s, "l");
    AtomicT cnt = new AtomicT(s, "cnt", 1);
    s.addListener((step, task, label) -> steps.add(task + ":" + label + " owner " + lock.owner().orElse("none")));
    s.spawn(
        "a",
        () -> {
          lock.lock();
          s.bufferRelease(lock::unlock, () -> {});
          cnt.atomicDec();
        });
    s.spawn("b", lock::lock);
    RunResult r = s.run();
    assertTrue(r.completed(), r::toString);
    assertEquals(
        List.of(
            "a:spin_lock(l) owner a",
            "a:atomic_dec(cnt) owner a",
            "a:spin_unlock(l) owner none",
            "b:spin_lock(l) owner b"),
        steps);
    assertEquals(List.of("a:spin_unlock(l)"), offeredAfterDec);
  }

  @Test
  void onlyNonBlockingRelaxedOrReleaseOperationsCanBeBuffered() {
    Scheduler s = new Scheduler(enabled -> 0);
    SpinLock lock = new SpinLock(s, "l");
    s.spawn("t", () -> s.bufferRelease(lock::lock, () -> {}));
    Outcome.Failed failed = (Outcome.Failed) s.run().outcome();
    assertTrue(failed.cause().getMessage().contains("spin_lock(l) may block"), failed.toString());
  }
}

package dev.lockstep.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
    Set<String> orders = new TreeSet<>();
    Explorer.Result r =
        Explorer.explore(
            s -> {
              s.useMemoryModel(model);
              AtomicT cnt = new AtomicT(s, "cnt", 2);
              RefcountT refcnt = new RefcountT(s, "refcnt", 2);
              List<String> order = new ArrayList<>();
              s.addListener(
                  (step, task, label) -> {
                    order.add(label + (s.stepReordered() ? " (reordered)" : ""));
                    if (order.size() == 2) {
                      orders.add(String.join(";", order));
                    }
                  });
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
              return null;
            },
            50,
            1000,
            Explorer::completedOrPruned);
    assertTrue(r.exhausted());
    return orders;
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
}

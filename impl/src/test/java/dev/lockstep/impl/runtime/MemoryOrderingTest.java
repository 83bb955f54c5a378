package dev.lockstep.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MemoryOrderingTest {

  /** Every order in which a task's copy access and its following decrement become visible. */
  private static Set<String> visibleOrders(boolean relaxedDec) {
    Set<String> orders = new TreeSet<>();
    Explorer.Result r =
        Explorer.explore(
            s -> {
              AtomicT cnt = new AtomicT(s, "cnt", 2);
              RefcountT refcnt = new RefcountT(s, "refcnt", 2);
              List<String> order = new ArrayList<>();
              s.addListener(
                  (step, task, label) -> {
                    order.add(label);
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
        Set.of("atomic_dec(cnt);copy_to_user", "copy_to_user;atomic_dec(cnt)"),
        visibleOrders(true));
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

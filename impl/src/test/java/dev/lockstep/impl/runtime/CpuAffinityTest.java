package dev.lockstep.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Where the kernel lets a run's threads run (their affinity masks), not where it happened to put them. */
class CpuAffinityTest {

  @Test
  void everyTaskOfARunMayRunOnlyOnTheCpuOfTheCallerWhichIsUnpinnedAfterwards() {
    assumeTrue(CpuAffinity.unavailable().isEmpty(), () -> CpuAffinity.unavailable().get());
    List<Integer> before = CpuAffinity.allowedCpus();
    Set<List<Integer>> allowed = ConcurrentHashMap.newKeySet();
    Scheduler s = new Scheduler(Schedules.random(7));
    AtomicT x = new AtomicT(s, "x", 0);
    for (String name : List.of("a", "b", "c")) {
      s.spawn(name, () -> {
        for (int i = 0; i < 5; i++) {
          x.atomicInc();
          allowed.add(CpuAffinity.allowedCpus());
        }
      });
    }
    s.addListener((step, task, label) -> allowed.add(CpuAffinity.allowedCpus()));
    s.run();
    assertEquals(1, allowed.size(), () -> "task threads were allowed " + allowed);
    assertEquals(1, allowed.iterator().next().size(), () -> "task threads were allowed " + allowed);
    assertEquals(-1, CpuAffinity.pinnedCpu());
    assertEquals(before, CpuAffinity.allowedCpus());
  }

  @Test
  void explorationWorkersRunOnCpusOfTheirOwn() {
    assumeTrue(CpuAffinity.unavailable().isEmpty(), () -> CpuAffinity.unavailable().get());
    assumeTrue(CpuAffinity.processCpus().size() >= 2, "needs two CPUs");
    Set<List<Integer>> allowed = ConcurrentHashMap.newKeySet();
    List<Explorer.Scenario> starts =
        List.of(scheduler -> counters(scheduler, allowed), scheduler -> counters(scheduler, allowed));
    Explorer.explore(starts, 1_000, 100_000, r -> true, false, 2);
    List<Integer> two = CpuAffinity.processCpus().subList(0, 2);
    assertEquals(Set.of(List.of(two.get(0)), List.of(two.get(1))), allowed);
  }

  /** Two tasks incrementing a counter three times each, recording where they may run; no pruning. */
  private static Supplier<?> counters(Scheduler scheduler, Set<List<Integer>> allowed) {
    AtomicT x = new AtomicT(scheduler, "x", 0);
    for (String name : List.of("a", "b")) {
      scheduler.spawn(name, () -> {
        for (int i = 0; i < 3; i++) {
          x.atomicInc();
          allowed.add(CpuAffinity.allowedCpus());
        }
      });
    }
    return null;
  }
}

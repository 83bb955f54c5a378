package dev.lockstep.impl.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.impl.runtime.Schedules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class DaxRandomScheduleTest {
  private static final List<String> INODES = List.of("i1", "i2");
  private static final int RANGES = 3;

  private static Gen<FileRange> fileRange() {
    return integers().between(0, INODES.size() * RANGES - 1)
        .map(n -> new FileRange(INODES.get(n / RANGES), n % RANGES));
  }

  /** A task: reader (even) or faulter (odd), with one to three accesses. */
  private record TaskSpec(boolean faulter, List<FileRange> plan) {}

  private static Gen<TaskSpec> task() {
    return Generate.booleans().zip(lists().of(fileRange()).ofSizeBetween(1, 3), TaskSpec::new);
  }

  /** Each of d1, d2 free (-1) or mapping one of the six file ranges, distinct ones only. */
  private static Gen<List<Integer>> initialWindows() {
    return lists().of(integers().between(-1, INODES.size() * RANGES - 1)).ofSize(2)
        .assuming(w -> w.get(0) < 0 || !w.get(0).equals(w.get(1)));
  }

  private static DaxConfig config(DaxVariant v, List<TaskSpec> tasks, List<Integer> windows) {
    Map<String, ImmutableList<FileRange>> readers = new LinkedHashMap<>();
    Map<String, ImmutableList<FileRange>> faulters = new LinkedHashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      TaskSpec t = tasks.get(i);
      (t.faulter() ? faulters : readers)
          .put((t.faulter() ? "f" : "r") + (i + 1), ImmutableList.copyOf(t.plan()));
    }
    ImmutableMap.Builder<String, FileRange> initial = ImmutableMap.builder();
    for (int d = 0; d < windows.size(); d++) {
      int w = windows.get(d);
      if (w >= 0) {
        initial.put("d" + (d + 1), new FileRange(INODES.get(w / RANGES), w % RANGES));
      }
    }
    return new DaxConfig(
        v,
        ImmutableMap.copyOf(readers),
        ImmutableMap.copyOf(faulters),
        ImmutableList.of("d1", "d2"),
        ImmutableList.copyOf(INODES),
        RANGES,
        initial.build());
  }

  private static void completesWithEveryRangeBackInAPool(
      DaxVariant v, List<TaskSpec> tasks, List<Integer> windows, long seed) {
    DaxConfig config = config(v, tasks, windows);
    DaxScenarios.Run run = DaxScenarios.run(config, Schedules.random(seed), 50_000);
    assertTrue(run.result().completed(), () -> config + " seed " + seed + ": " + run.result());
    FuseDax end = run.dax();
    end.tasks().forEach(t -> assertEquals(0, t.accessesLeft(), t.name()));
    end.dmaps().forEach(d -> assertEquals(v.base(), d.count(), d.name()));
    assertEquals(2, end.freeRanges().size() + end.busyRanges().size());
  }

  @Test
  void upstreamSurvivesRandomSchedulesAndEndsWithEveryRangeBackInAPool() {
    qt().withFixedSeed(20260101L)
        .withExamples(150)
        .forAll(lists().of(task()).ofSizeBetween(1, 3), initialWindows(), longs().all())
        .checkAssert((t, w, seed) -> completesWithEveryRangeBackInAPool(DaxVariant.REFCOUNT_UPSTREAM, t, w, seed));
  }

  @Test
  void faultWaitRetrySurvivesRandomSchedulesAndEndsWithEveryRangeBackInAPool() {
    qt().withFixedSeed(20260102L)
        .withExamples(150)
        .forAll(lists().of(task()).ofSizeBetween(1, 3), initialWindows(), longs().all())
        .checkAssert((t, w, seed) -> completesWithEveryRangeBackInAPool(DaxVariant.FAULT_WAIT_RETRY, t, w, seed));
  }
}

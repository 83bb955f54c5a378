package dev.lockstep.impl.dax;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.impl.runtime.Schedule;
import dev.lockstep.impl.runtime.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test fixtures: small configurations like the spec's, and a runner that records the steps. */
final class DaxScenarios {
  private DaxScenarios() {}

  static FileRange at(String inode, int range) {
    return new FileRange(inode, range);
  }

  /** Two dmaps, the given inodes, three ranges per file. */
  static DaxConfig config(
      DaxVariant variant,
      Map<String, List<FileRange>> readers,
      Map<String, List<FileRange>> faulters,
      Map<String, FileRange> initial,
      String... inodes) {
    return new DaxConfig(
        variant,
        copy(readers),
        copy(faulters),
        ImmutableList.of("d1", "d2"),
        ImmutableList.copyOf(inodes.length == 0 ? new String[] {"i1"} : inodes),
        3,
        ImmutableMap.copyOf(initial));
  }

  private static ImmutableMap<String, ImmutableList<FileRange>> copy(
      Map<String, List<FileRange>> m) {
    ImmutableMap.Builder<String, ImmutableList<FileRange>> b = ImmutableMap.builder();
    m.forEach((k, v) -> b.put(k, ImmutableList.copyOf(v)));
    return b.build();
  }

  /** One run; {@code trace} receives "task:label" of every step. */
  record Run(RunResult result, FuseDax dax, List<String> trace) {}

  static Run run(DaxConfig config, Schedule schedule, long stepBound) {
    Scheduler s = new Scheduler(schedule, stepBound);
    FuseDax dax = FuseDax.spawn(s, config);
    List<String> trace = new ArrayList<>();
    s.addListener((step, task, label) -> trace.add(task + ":" + label));
    return new Run(s.run(), dax, trace);
  }

  /** The task called {@code name}. */
  static FuseDax.Task task(FuseDax dax, String name) {
    return dax.tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }
}

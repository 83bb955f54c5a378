package dev.lockstep.impl.runtime;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Exhaustive enumeration: stateless depth-first search over choice sequences, re-executing the
 * scenario from the start for every schedule. If the scenario supplies a state abstraction, a run
 * stops (outcome {@link Outcome.Stopped}) as soon as it reaches an abstract state already
 * visited, since everything reachable from there is explored from the first visit. The
 * abstraction is combined with {@link Scheduler#controlState()}; it must capture all model state
 * and every task-local variable that influences later steps (e.g. the protocol's program
 * counters), or pruning becomes unsound.
 */
public final class Explorer {
  private Explorer() {}

  /** Builds one run: spawns tasks and listeners on a fresh scheduler. */
  @FunctionalInterface
  public interface Scenario {
    /** Returns the abstract state supplier, or {@code null} for no pruning. */
    Supplier<?> setUp(Scheduler scheduler);
  }

  /** A run the predicate rejected, with the choices that reproduce it. */
  public record Counterexample(ImmutableList<Choice> trace, RunResult result) {
    /** Entries for {@link Schedules#replay}. */
    public ImmutableList<String> replayEntries() {
      return trace.stream().map(Choice::toString).collect(ImmutableList.toImmutableList());
    }
  }

  /**
   * @param schedules runs executed
   * @param pruned runs cut short at a visited state
   * @param exhausted whether every schedule was covered (false if {@code maxSchedules} was hit
   *     or a counterexample ended the search)
   */
  public record Result(
      long schedules, long pruned, boolean exhausted, Optional<Counterexample> counterexample) {}

  /** Accepts completed runs and runs cut short by pruning. */
  public static boolean completedOrPruned(RunResult r) {
    return r.outcome() instanceof Outcome.Completed || r.outcome() instanceof Outcome.Stopped;
  }

  /**
   * Enumerates schedules until all are covered, {@code maxSchedules} runs were made, or a run is
   * rejected by {@code acceptable}.
   */
  public static Result explore(
      Scenario scenario, long stepBound, long maxSchedules, Predicate<RunResult> acceptable) {
    checkArgument(maxSchedules > 0, "maxSchedules must be positive");
    Set<Object> visited = new HashSet<>();
    int[] prefix = new int[0];
    int[] prefixCounts = new int[0];
    long schedules = 0;
    long pruned = 0;
    while (schedules < maxSchedules) {
      Dfs dfs = new Dfs(prefix, prefixCounts, visited);
      Scheduler scheduler = new Scheduler(dfs, stepBound);
      dfs.scheduler = scheduler;
      dfs.abstraction = scenario.setUp(scheduler);
      RunResult result = scheduler.run();
      schedules++;
      if (dfs.pruned) {
        pruned++;
      } else if (!acceptable.test(result)) {
        return new Result(
            schedules,
            pruned,
            false,
            Optional.of(new Counterexample(ImmutableList.copyOf(dfs.trace), result)));
      }
      int i = dfs.depth - 1;
      while (i >= 0 && dfs.chosen[i] + 1 >= dfs.counts[i]) {
        i--;
      }
      if (i < 0) {
        return new Result(schedules, pruned, true, Optional.empty());
      }
      prefix = Arrays.copyOf(dfs.chosen, i + 1);
      prefix[i]++;
      prefixCounts = Arrays.copyOf(dfs.counts, i + 1);
    }
    return new Result(schedules, pruned, false, Optional.empty());
  }

  /** Follows a prefix of choice indices, then takes the first alternative, recording as it goes. */
  private static final class Dfs implements Schedule {
    private final int[] prefix;
    private final int[] prefixCounts;
    private final Set<Object> visited;
    private final List<Choice> trace = new ArrayList<>();
    Scheduler scheduler;
    Supplier<?> abstraction;
    int[] chosen = new int[16];
    int[] counts = new int[16];
    int depth;
    boolean pruned;

    Dfs(int[] prefix, int[] prefixCounts, Set<Object> visited) {
      this.prefix = prefix;
      this.prefixCounts = prefixCounts;
      this.visited = visited;
    }

    @Override
    public int choose(List<Choice> enabled) {
      if (depth >= prefix.length && abstraction != null) {
        Object key = List.of(scheduler.controlState(), abstraction.get());
        if (!visited.add(key)) {
          pruned = true;
          return STOP;
        }
      }
      int pick = 0;
      if (depth < prefix.length) {
        checkState(
            enabled.size() == prefixCounts[depth],
            "scenario is not deterministic: %s choices at depth %s, %s before",
            enabled.size(),
            depth,
            prefixCounts[depth]);
        pick = prefix[depth];
      }
      if (depth == chosen.length) {
        chosen = Arrays.copyOf(chosen, depth * 2);
        counts = Arrays.copyOf(counts, depth * 2);
      }
      chosen[depth] = pick;
      counts[depth] = enabled.size();
      trace.add(enabled.get(pick));
      depth++;
      return pick;
    }
  }
}

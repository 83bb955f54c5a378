package dev.lockstep.impl.runtime;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.Throwables;
import com.google.common.collect.ImmutableList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Pruning cuts cycles, so a run that would go round forever (a livelock, a waiter whose
 * wake-up was lost while another task keeps looping) ends as "pruned", not as a failure. {@link
 * #exploreToCompletion} therefore also records the graph of abstract states and, once every
 * schedule is covered, demands that every state reached can still reach a state where all tasks
 * have finished.
 */
public final class Explorer {
  private Explorer() {}

  /** Builds one run: spawns tasks and listeners on a fresh scheduler. */
  @FunctionalInterface
  public interface Scenario {
    /** Returns the abstract state supplier, or {@code null} for no pruning. */
    Supplier<?> setUp(Scheduler scheduler);
  }

  /** A run the predicate rejected, with the choices that reproduce it from scenario {@code start}. */
  public record Counterexample(int start, ImmutableList<Choice> trace, RunResult result) {
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
    return explore(List.of(scenario), stepBound, maxSchedules, acceptable, false);
  }

  /**
   * As {@link #explore}, and when every schedule was covered, fails with a schedule to the first
   * abstract state from which no schedule completes the run (every task done): the outcome is then
   * {@link Outcome.Failed} with a {@link NoProgress} cause. Requires a state abstraction.
   */
  public static Result exploreToCompletion(
      Scenario scenario, long stepBound, long maxSchedules, Predicate<RunResult> acceptable) {
    return explore(List.of(scenario), stepBound, maxSchedules, acceptable, true);
  }

  /**
   * Explores the scenarios one after another with one set of visited states: a state reached from
   * an earlier start is not explored again (the abstraction must then tell the starts' states
   * apart, e.g. by what each task will still do). {@code maxSchedules} bounds each start. With
   * {@code toCompletion}, the progress check of {@link #exploreToCompletion} covers all starts.
   */
  public static Result explore(
      List<Scenario> scenarios,
      long stepBound,
      long maxSchedules,
      Predicate<RunResult> acceptable,
      boolean toCompletion) {
    return explore(scenarios, stepBound, maxSchedules, acceptable, toCompletion, 1);
  }

  /**
   * As {@link #explore(List, long, long, Predicate, boolean)}, on {@code workers} threads that
   * share one set of visited states: each takes the starts in its own order (alternately forward
   * and backward) and each state's alternatives in its own order, so they meet late and a state
   * one has reached, the others skip. Each state is expanded by one worker and each of its
   * alternatives run once, so the states and steps reached, and the verdict, are those of one
   * worker; how many schedules re-run a prefix depends on the timing. A run the predicate rejects,
   * or a state that cannot finish, is reported from a run with one worker: the reported schedule
   * is the same every time.
   */
  public static Result explore(
      List<Scenario> scenarios,
      long stepBound,
      long maxSchedules,
      Predicate<RunResult> acceptable,
      boolean toCompletion,
      int workers) {
    checkArgument(workers > 0, "workers must be positive: %s", workers);
    Search search = new Search(stepBound, maxSchedules, acceptable, toCompletion, workers > 1);
    if (workers == 1) {
      return search.run(scenarios, false);
    }
    List<Thread> threads = new ArrayList<>();
    List<Result> results = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> crashed = Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < workers; w++) {
      boolean backward = w % 2 == 1;
      int cpu = CpuAffinity.cpuOfLane(w);
      Thread t = new Thread(() -> {
        CpuAffinity.pin(cpu);
        try {
          results.add(search.run(scenarios, backward));
        } catch (RuntimeException | Error e) {
          crashed.add(e);
          search.stop = true;
        }
      }, "lockstep explorer " + w);
      threads.add(t);
      t.start();
    }
    try {
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      search.stop = true;
      Thread.currentThread().interrupt();
      throw new IllegalStateException("exploration interrupted", e);
    }
    if (!crashed.isEmpty()) {
      Throwables.throwIfUnchecked(crashed.get(0));
      throw new IllegalStateException(crashed.get(0));
    }
    long schedules = results.stream().mapToLong(Result::schedules).sum();
    long pruned = results.stream().mapToLong(Result::pruned).sum();
    boolean exhausted = results.stream().allMatch(Result::exhausted);
    boolean failed = results.stream().anyMatch(r -> r.counterexample().isPresent());
    if (failed || exhausted && search.graph != null && search.graph.stuckState().isPresent()) {
      return explore(scenarios, stepBound, maxSchedules, acceptable, toCompletion, 1);
    }
    return new Result(schedules, pruned, exhausted, Optional.empty());
  }

  /** One exploration's shared parts: visited states, the state graph, and the stop signal. */
  private static final class Search {
    final long stepBound;
    final long maxSchedules;
    final Predicate<RunResult> acceptable;
    final Set<Object> visited;
    final StateGraph graph;
    /** Several workers: the progress check waits for all of them. */
    final boolean shared;
    volatile boolean stop;

    Search(long stepBound, long maxSchedules, Predicate<RunResult> acceptable, boolean toCompletion,
        boolean shared) {
      this.stepBound = stepBound;
      this.maxSchedules = maxSchedules;
      this.acceptable = acceptable;
      this.visited = shared ? ConcurrentHashMap.newKeySet() : new HashSet<>();
      this.graph = toCompletion ? new StateGraph() : null;
      this.shared = shared;
    }

    Result run(List<Scenario> scenarios, boolean backward) {
      long schedules = 0;
      long pruned = 0;
      boolean exhausted = true;
      for (int k = 0; k < scenarios.size(); k++) {
        int start = backward ? scenarios.size() - 1 - k : k;
        Result r = explore(start, scenarios.get(start), backward, this);
        schedules += r.schedules();
        pruned += r.pruned();
        exhausted &= r.exhausted();
        if (r.counterexample().isPresent()) {
          stop = true;
          return new Result(schedules, pruned, false, r.counterexample());
        }
      }
      if (graph == null || !exhausted || shared) {
        return new Result(schedules, pruned, exhausted, Optional.empty());
      }
      Optional<StateGraph.Stuck> stuck = graph.stuckState();
      if (stuck.isEmpty()) {
        return new Result(schedules, pruned, true, Optional.empty());
      }
      long n = stuck.get().trace().size();
      RunResult failed = new RunResult(new Outcome.Failed("explorer", n, new NoProgress(n)), n);
      return new Result(schedules, pruned, false,
          Optional.of(new Counterexample(stuck.get().start(), stuck.get().trace(), failed)));
    }
  }

  /** The cause of a failed outcome from {@link #exploreToCompletion}. */
  public static final class NoProgress extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoProgress(long steps) {
      super("no schedule from the state after these " + steps + " steps lets every task finish"
          + " (a lost wake-up, a livelock, or a deadlock cut short by state pruning)");
    }
  }

  private static Result explore(int start, Scenario scenario, boolean backward, Search search) {
    checkArgument(search.maxSchedules > 0, "maxSchedules must be positive");
    int[] prefix = new int[0];
    int[] prefixCounts = new int[0];
    int[] prefixNodes = new int[0];
    long schedules = 0;
    long pruned = 0;
    while (schedules < search.maxSchedules) {
      if (search.stop) {
        return new Result(schedules, pruned, false, Optional.empty());
      }
      Dfs dfs = new Dfs(prefix, prefixCounts, prefixNodes, search.visited, backward);
      Scheduler scheduler = new Scheduler(dfs, search.stepBound);
      dfs.scheduler = scheduler;
      dfs.abstraction = scenario.setUp(scheduler);
      dfs.graph = search.graph;
      dfs.start = start;
      checkArgument(search.graph == null || dfs.abstraction != null,
          "progress checks need a state abstraction");
      RunResult result = scheduler.run();
      if (search.graph != null) {
        search.graph.end(dfs, result);
      }
      schedules++;
      if (dfs.pruned) {
        pruned++;
      } else if (!search.acceptable.test(result)) {
        return new Result(
            schedules,
            pruned,
            false,
            Optional.of(new Counterexample(start, ImmutableList.copyOf(dfs.trace), result)));
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
      prefixNodes = Arrays.copyOf(dfs.nodes, i + 1);
    }
    return new Result(schedules, pruned, false, Optional.empty());
  }

  /**
   * Follows a prefix of choice indices, then takes the first alternative, recording as it goes. The
   * prefix ends with an alternative not taken before; the steps before it repeat an earlier run, so
   * their states are neither looked up nor recorded again.
   */
  private static final class Dfs implements Schedule {
    private final int[] prefix;
    private final int[] prefixCounts;
    private final int[] prefixNodes;
    private final Set<Object> visited;
    /** Takes a state's alternatives last first; {@link #chosen} holds ranks in that order. */
    private final boolean backward;
    private final List<Choice> trace = new ArrayList<>();
    Scheduler scheduler;
    Supplier<?> abstraction;
    StateGraph graph;
    int start;
    int lastNode = -1;
    int[] chosen = new int[16];
    int[] counts = new int[16];
    /** The state graph's node before each choice (with a graph). */
    int[] nodes = new int[16];
    int depth;
    boolean pruned;

    Dfs(int[] prefix, int[] prefixCounts, int[] prefixNodes, Set<Object> visited, boolean backward) {
      this.prefix = prefix;
      this.prefixCounts = prefixCounts;
      this.prefixNodes = prefixNodes;
      this.visited = visited;
      this.backward = backward;
    }

    @Override
    public boolean repeats(long step) {
      return step < prefix.length;
    }

    Object key() {
      return List.of(scheduler.controlState(), abstraction.get());
    }

    @Override
    public int choose(List<Choice> enabled) {
      Object key = null;
      if (graph != null) {
        if (depth < prefix.length) {
          lastNode = prefixNodes[depth];
        } else {
          key = key();
          lastNode = graph.visit(key, lastNode, trace.isEmpty() ? null : trace.get(trace.size() - 1), start);
        }
      }
      if (depth >= prefix.length && abstraction != null) {
        if (key == null) {
          key = key();
        }
        if (!visited.add(key)) {
          pruned = true;
          return STOP;
        }
      }
      int rank = 0;
      if (depth < prefix.length) {
        checkState(
            enabled.size() == prefixCounts[depth],
            "scenario is not deterministic: %s choices at depth %s, %s before",
            enabled.size(),
            depth,
            prefixCounts[depth]);
        rank = prefix[depth];
      }
      int pick = backward ? enabled.size() - 1 - rank : rank;
      if (depth == chosen.length) {
        chosen = Arrays.copyOf(chosen, depth * 2);
        counts = Arrays.copyOf(counts, depth * 2);
        nodes = Arrays.copyOf(nodes, depth * 2);
      }
      chosen[depth] = rank;
      counts[depth] = enabled.size();
      nodes[depth] = lastNode;
      trace.add(enabled.get(pick));
      depth++;
      return pick;
    }
  }

  /**
   * The abstract states the exploration reached, the steps between them, the first step into each
   * (to rebuild a schedule to it), and which are final (the run completed there).
   */
  private static final class StateGraph {
    private final Map<Object, Integer> ids = new HashMap<>();
    private final List<Set<Integer>> predecessors = new ArrayList<>();
    private final List<Integer> parent = new ArrayList<>();
    private final List<Choice> via = new ArrayList<>();
    private final List<Integer> origin = new ArrayList<>();
    private final Set<Integer> done = new HashSet<>();

    record Stuck(int start, ImmutableList<Choice> trace) {}

    synchronized int visit(Object key, int from, Choice step, int start) {
      Integer id = ids.get(key);
      if (id == null) {
        id = parent.size();
        ids.put(key, id);
        predecessors.add(new HashSet<>());
        parent.add(from);
        via.add(step);
        origin.add(start);
      }
      if (from >= 0 && from != id) {
        predecessors.get(id).add(from);
      }
      return id;
    }

    /** The run's last step leads to its final state; if the run completed, that state is done. */
    synchronized void end(Dfs dfs, RunResult result) {
      if (dfs.pruned || dfs.lastNode < 0) {
        return;
      }
      int last = visit(dfs.key(), dfs.lastNode, dfs.trace.get(dfs.trace.size() - 1), dfs.start);
      if (result.outcome() instanceof Outcome.Completed) {
        done.add(last);
      }
    }

    /** A schedule to a state that cannot reach a done state, the first one found, and its start. */
    synchronized Optional<Stuck> stuckState() {
      Set<Integer> canFinish = new HashSet<>(done);
      Deque<Integer> work = new ArrayDeque<>(done);
      while (!work.isEmpty()) {
        for (int p : predecessors.get(work.poll())) {
          if (canFinish.add(p)) {
            work.add(p);
          }
        }
      }
      for (int id = 0; id < parent.size(); id++) {
        if (!canFinish.contains(id)) {
          List<Choice> path = new ArrayList<>();
          for (int n = id; parent.get(n) >= 0; n = parent.get(n)) {
            path.add(via.get(n));
          }
          Collections.reverse(path);
          return Optional.of(new Stuck(origin.get(id), ImmutableList.copyOf(path)));
        }
      }
      return Optional.empty();
    }
  }
}

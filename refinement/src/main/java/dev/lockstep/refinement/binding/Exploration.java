package dev.lockstep.refinement.binding;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Throwables;
import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.runtime.Choice;
import dev.lockstep.impl.runtime.Explorer;
import dev.lockstep.impl.runtime.LockDep;
import dev.lockstep.impl.runtime.MemoryModel;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.impl.runtime.Schedule;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.Schedules;
import dev.lockstep.refinement.CoverageReport;
import dev.lockstep.refinement.ExplorationCoverage;
import dev.lockstep.refinement.ReachableGraph;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.RefinementViolation;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.replay.ActorStep;
import dev.lockstep.refinement.replay.DeltaDebugging;
import dev.lockstep.refinement.replay.InterleavingResult;
import dev.lockstep.refinement.replay.InterleavingRunner;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Exhaustive bounded exploration of a protocol's Java model: every schedule from each start, refinement checked at
 * every step against TLC's evaluation of the spec, every run's end judged against the variant's expectations, and how
 * much of TLC's reachable graph (same constants) the model covers.
 */
public final class Exploration {
    private static final long STEP_BOUND = 10_000;
    private static final long MAX_SCHEDULES = 1_000_000;
    private static final int MAX_SPEC_STATES = 1_000_000;
    /**
     * One worker per core of a two-core CI machine; more would mostly meet each other. {@code -Dlockstep.explore.workers=1}
     * explores with one worker (every figure, and each lock dependency's witness, the same on every run).
     */
    private static final int WORKERS = Integer.getInteger("lockstep.explore.workers",
            Math.min(2, Runtime.getRuntime().availableProcessors()));

    /**
     * What the exploration of one variant found.
     *
     * @param mustComplete whether every run had to end with every task done (the expectations promise it)
     * @param failure the first run that broke refinement, crashed, or (if {@code mustComplete}) deadlocked or ran
     *     out of steps, with its configuration and schedule
     * @param exhausted whether every schedule of every start was run
     * @param lockdep the lock classes and their order in every run ({@link LockDep}), for {@link LockdepVerdict}
     * @param explored the spec states and transitions the runs took ({@code coverage} counts them)
     */
    public record Result(String variant, int starts, long schedules, long steps, long stutters, double seconds,
            boolean mustComplete, CoverageReport coverage, Optional<String> failure, boolean exhausted,
            LockDep lockdep, ExplorationCoverage explored) {

        /** Every run passed, all were run, and no refining run left the spec's reachable graph. */
        public boolean passed() {
            return failure.isEmpty() && exhausted && coverage.statesOutside() == 0
                    && coverage.transitionsOutside() == 0;
        }

        public String render() {
            return String.format(Locale.ROOT, "%s, %d starts: %d schedules, %d steps checked (%d stutters), %.1f s%s%n",
                    variant, starts, schedules, steps, stutters, seconds,
                    mustComplete ? ", every run must complete" : "")
                    + failure.map(f -> "FAILED:\n" + f + "\n").orElse("")
                    + (exhausted ? "" : "exploration NOT exhausted (schedule bound reached)\n")
                    + coverage.render();
        }
    }

    private Exploration() {}

    /**
     * Whether a run's end is acceptable. A failed run (refinement violation, crash) never is. When the expectations
     * promise that every run completes, only completion counts, or a stop at a state already explored (the pruned
     * rest was explored from there); a deadlock or the step bound is a failure, never a success.
     */
    static boolean acceptable(RunResult r, boolean mustComplete) {
        if (r.outcome() instanceof Outcome.Failed) {
            return false;
        }
        return !mustComplete || r.outcome() instanceof Outcome.Completed || r.outcome() instanceof Outcome.Stopped;
    }

    /**
     * The failing run as an interleaving of actors (one entry per spec step), shrunk by delta debugging to a 1-minimal
     * one that still fails, and drawn in actor columns with the spec actions of its steps.
     */
    private static <C> String shrunk(ProtocolBinding<C> binding, MemoryModel memoryModel, C start,
            Explorer.Counterexample cx, RefinementChecker checker, SpecOracle oracle, boolean mustComplete) {
        ImmutableList<ActorStep> interleaving = interleaving(binding, memoryModel, start, cx.replayEntries());
        BoundModel<C> model = new BoundModel<>(binding, start, Optional.empty(), memoryModel);
        Predicate<List<ActorStep>> fails = s -> {
            InterleavingResult run = InterleavingRunner.run(model, s, Optional.of(checker),
                    InterleavingRunner.Options.DEFAULT);
            return run.refinement().isPresent() || !acceptable(run.run(), mustComplete);
        };
        if (!fails.test(interleaving)) {
            return "schedule (its actor order alone does not fail): " + cx.replayEntries();
        }
        ImmutableList<ActorStep> min = DeltaDebugging.minimise(interleaving, fails);
        InterleavingResult r = InterleavingRunner.run(model, min, Optional.of(checker),
                InterleavingRunner.Options.DEFAULT);
        return "failing interleaving " + interleaving + " shrinks to " + min + ": "
                + r.refinement().map(v -> v.render().lines().findFirst().orElse("")).orElse(r.run().toString())
                + "\n" + r.render(CounterexampleReplay.actionNamer(oracle));
    }

    /** Replays the schedule and keeps, per step that changes the spec state, its actor and alternative. */
    private static <C> ImmutableList<ActorStep> interleaving(ProtocolBinding<C> binding, MemoryModel memoryModel,
            C start, List<String> entries) {
        ImmutableList.Builder<ActorStep> out = ImmutableList.builder();
        Schedule replay = Schedules.replay(entries);
        int[] alternative = new int[1];
        Schedule tracking = enabled -> {
            int pick = replay.choose(enabled);
            if (pick >= 0) {
                Choice c = enabled.get(pick);
                alternative[0] = (int) enabled.subList(0, pick).stream().filter(e -> e.task().equals(c.task()))
                        .count();
            }
            return pick;
        };
        Scheduler scheduler = new Scheduler(tracking, STEP_BOUND);
        ReplayTarget.Instance model = binding.start(memoryModel, scheduler, start);
        SpecState[] previous = {model.abstractState()};
        scheduler.addListener((step, task, label) -> {
            SpecState now = model.abstractState();
            if (!now.equals(previous[0])) {
                out.add(new ActorStep(task, alternative[0]));
                previous[0] = now;
            }
        });
        scheduler.run();
        return out.build();
    }

    private static <C> List<Explorer.Scenario> scenarios(ProtocolBinding<C> binding, MemoryModel memoryModel,
            List<C> starts, RefinementChecker checker, Map<Thread, LockDep> lockdep) {
        List<Explorer.Scenario> scenarios = new ArrayList<>();
        for (C start : starts) {
            String name = String.valueOf(start);
            scenarios.add(scheduler -> {
                ReplayTarget.Instance model = binding.start(memoryModel, scheduler, start);
                StepRefinement.attach(scheduler, model, checker);
                lockdep.computeIfAbsent(Thread.currentThread(), t -> new LockDep()).attach(scheduler, name);
                return model::exactState;
            });
        }
        return scenarios;
    }

    /** The graph, once TLC has computed it; its failure as thrown in its thread. */
    private static ReachableGraph join(CompletableFuture<ReachableGraph> graphing) {
        try {
            return graphing.join();
        } catch (CompletionException e) {
            Throwables.throwIfUnchecked(e.getCause());
            throw e;
        }
    }

    /**
     * Explores under the memory model the gate runs the binding's model under ({@link ProtocolBinding#memoryModel}),
     * which is the same for every start of a variant.
     */
    public static <C> Result explore(ProtocolBinding<C> binding, ProtocolSpec spec, String variant, List<C> starts) {
        MemoryModel model = binding.memoryModel(starts.get(0));
        checkArgument(starts.stream().allMatch(s -> binding.memoryModel(s) == model),
                "%s/%s: the starts run under different memory models", binding.protocol(), variant);
        return explore(binding, spec, variant, starts, model);
    }

    /**
     * Explores every schedule of each start under {@code memoryModel}; under {@link MemoryModel#LKMM_SUBSET} a
     * binding whose spec has no step for a reordering fails at the first one (see {@link ProtocolBinding#start(
     * MemoryModel, Scheduler, Object)}).
     */
    public static <C> Result explore(ProtocolBinding<C> binding, ProtocolSpec spec, String variant, List<C> starts,
            MemoryModel memoryModel) {
        long begin = System.nanoTime();
        boolean mustComplete = spec.mustComplete(variant);
        try (SpecOracle oracle = spec.oracleWithConfig(binding.specConfig(starts.get(0)))) {
            // TLC computes the spec's reachable graph on a thread of its own while the Java model is explored (TLC
            // serves one thread at a time, and the exploration needs it only to judge steps): the checker records
            // every state and step, and judges them all with the graph at the end. A violation found then, or a
            // failed run, is explored again with every step judged at once, so the report is that of the first
            // failing run, as without the overlap.
            CompletableFuture<ReachableGraph> graphing = new CompletableFuture<>();
            Thread graphThread = new Thread(() -> {
                try {
                    graphing.complete(ReachableGraph.explore(oracle, MAX_SPEC_STATES));
                } catch (RuntimeException | Error e) {
                    graphing.completeExceptionally(e);
                }
            }, "lockstep reachable graph");
            graphThread.setDaemon(true);
            graphThread.start();
            RefinementChecker checker = RefinementChecker.deferring(oracle);
            // Two workers sharing the visited states, one walking the starts forward and one backward: the states
            // and steps checked, the coverage and the verdict do not depend on how they meet. One lock graph per
            // worker thread, merged after: the dependencies and cycles do not depend on it either, but which run is
            // an edge's first witness may.
            Map<Thread, LockDep> graphs = new ConcurrentHashMap<>();
            BiFunction<RefinementChecker, Integer, Explorer.Result> exploreWith = (c, workers) -> Explorer.explore(
                    scenarios(binding, memoryModel, starts, c, graphs), STEP_BOUND, MAX_SCHEDULES,
                    run -> acceptable(run, mustComplete), mustComplete, workers);
            Explorer.Result result;
            try {
                result = exploreWith.apply(checker, WORKERS);
            } finally {
                // The oracle is closed on the way out: TLC must be done with it first.
                graphing.handle((g, e) -> g).join();
            }
            ReachableGraph graph = join(graphing);
            Optional<RefinementViolation> late = checker.settle(graph);
            if (late.isPresent() || result.counterexample().isPresent()) {
                checker = new RefinementChecker(oracle, Optional.of(graph));
                graphs.clear();
                result = exploreWith.apply(checker, 1);
            }
            LockDep lockdep = new LockDep();
            graphs.values().forEach(lockdep::merge);
            RefinementChecker judged = checker;
            Optional<String> failure = result.counterexample().map(cx -> starts.get(cx.start()) + "\n" + cx.result()
                    + "\n" + shrunk(binding, memoryModel, starts.get(cx.start()), cx, judged, oracle, mustComplete))
                    .or(() -> late.map(v -> "a step refused when the recorded steps were judged, which no run of the"
                            + " exploration checked step by step takes (is the model deterministic?):\n"
                            + v.render()));
            ExplorationCoverage explored = checker.coverage();
            return new Result(variant, starts.size(), result.schedules(), explored.steps(), explored.stutters(),
                    (System.nanoTime() - begin) / 1e9, mustComplete, CoverageReport.of(graph, explored), failure,
                    result.exhausted(), lockdep, explored);
        }
    }
}

package dev.lockstep.refinement.binding;

import com.google.common.base.Throwables;
import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.runtime.Choice;
import dev.lockstep.impl.runtime.Explorer;
import dev.lockstep.impl.runtime.LockDep;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.impl.runtime.Schedule;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.Schedules;
import dev.lockstep.refinement.CoverageReport;
import dev.lockstep.refinement.ReachableGraph;
import dev.lockstep.refinement.RefinementChecker;
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
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;

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
     * What the exploration of one variant found.
     *
     * @param mustComplete whether every run had to end with every task done (the expectations promise it)
     * @param failure the first run that broke refinement, crashed, or (if {@code mustComplete}) deadlocked or ran
     *     out of steps, with its configuration and schedule
     * @param exhausted whether every schedule of every start was run
     * @param lockdep the lock classes and their order in every run ({@link LockDep}), for {@link LockdepVerdict}
     */
    public record Result(String variant, int starts, long schedules, long steps, long stutters, double seconds,
            boolean mustComplete, CoverageReport coverage, Optional<String> failure, boolean exhausted,
            LockDep lockdep) {

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
    private static <C> String shrunk(ProtocolBinding<C> binding, C start, Explorer.Counterexample cx,
            RefinementChecker checker, SpecOracle oracle, boolean mustComplete) {
        ImmutableList<ActorStep> interleaving = interleaving(binding, start, cx.replayEntries());
        BoundModel<C> model = new BoundModel<>(binding, start, Optional.empty());
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
    private static <C> ImmutableList<ActorStep> interleaving(ProtocolBinding<C> binding, C start,
            List<String> entries) {
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
        ReplayTarget.Instance model = binding.start(scheduler, start);
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

    private static <C> List<C> alternate(List<C> starts, int offset) {
        List<C> out = new ArrayList<>();
        for (int i = offset; i < starts.size(); i += 2) {
            out.add(starts.get(i));
        }
        return out;
    }

    private static <C> List<Explorer.Scenario> scenarios(ProtocolBinding<C> binding, List<C> starts,
            RefinementChecker checker, LockDep lockdep) {
        List<Explorer.Scenario> scenarios = new ArrayList<>();
        for (C start : starts) {
            String name = String.valueOf(start);
            scenarios.add(scheduler -> {
                ReplayTarget.Instance model = binding.start(scheduler, start);
                StepRefinement.attach(scheduler, model, checker);
                lockdep.attach(scheduler, name);
                return model::exactState;
            });
        }
        return scenarios;
    }

    /** Runs the tasks on their own threads and returns their results in order. */
    private static <T> List<T> parallel(List<Supplier<T>> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = tasks.stream().map(t -> pool.submit(t::get)).toList();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("exploration interrupted", e);
        } catch (ExecutionException e) {
            Throwables.throwIfUnchecked(e.getCause());
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    public static <C> Result explore(ProtocolBinding<C> binding, ProtocolSpec spec, String variant, List<C> starts) {
        long begin = System.nanoTime();
        boolean mustComplete = spec.mustComplete(variant);
        try (SpecOracle oracle = spec.oracleWithConfig(binding.specConfig(starts.get(0)))) {
            RefinementChecker checker = new RefinementChecker(oracle);
            // Two explorers, one per core, over alternate starts, each with its own visited states (so that what
            // each explores, and so every figure, is the same on every run); one checker judges both.
            List<List<C>> halves = List.of(alternate(starts, 0), alternate(starts, 1));
            // one lock graph per explorer, merged in a fixed order: the witnesses do not depend on thread timing
            List<LockDep> graphs = List.of(new LockDep(), new LockDep());
            List<Explorer.Result> results = parallel(List.of(0, 1).stream().map(h -> (Supplier<Explorer.Result>) () ->
                    Explorer.explore(scenarios(binding, halves.get(h), checker, graphs.get(h)), STEP_BOUND,
                            MAX_SCHEDULES, run -> acceptable(run, mustComplete), mustComplete)).toList());
            graphs.get(0).merge(graphs.get(1));
            long schedules = results.stream().mapToLong(Explorer.Result::schedules).sum();
            boolean exhausted = results.stream().allMatch(Explorer.Result::exhausted);
            Optional<Explorer.Counterexample> first = Optional.empty();
            List<C> failedHalf = null;
            for (int h = 0; h < results.size() && first.isEmpty(); h++) {
                first = results.get(h).counterexample();
                failedHalf = halves.get(h);
            }
            List<C> from = failedHalf;
            Optional<String> failure = first.map(cx -> from.get(cx.start()) + "\n" + cx.result()
                    + "\n" + shrunk(binding, from.get(cx.start()), cx, checker, oracle, mustComplete));
            CoverageReport report = CoverageReport.of(ReachableGraph.explore(oracle, MAX_SPEC_STATES),
                    checker.coverage());
            return new Result(variant, starts.size(), schedules, checker.coverage().steps(),
                    checker.coverage().stutters(), (System.nanoTime() - begin) / 1e9, mustComplete, report, failure,
                    exhausted, graphs.get(0));
        }
    }
}

package dev.lockstep.refinement.binding;

import dev.lockstep.impl.runtime.Explorer;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.refinement.CoverageReport;
import dev.lockstep.refinement.ReachableGraph;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
     */
    public record Result(String variant, int starts, long schedules, long steps, long stutters, double seconds,
            boolean mustComplete, CoverageReport coverage, Optional<String> failure, boolean exhausted) {

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

    public static <C> Result explore(ProtocolBinding<C> binding, ProtocolSpec spec, String variant, List<C> starts) {
        long begin = System.nanoTime();
        boolean mustComplete = spec.mustComplete(variant);
        try (SpecOracle oracle = spec.oracleWithConfig(binding.specConfig(starts.get(0)))) {
            RefinementChecker checker = new RefinementChecker(oracle);
            long schedules = 0;
            boolean exhausted = true;
            Optional<String> failure = Optional.empty();
            for (C start : starts) {
                Explorer.Result r = Explorer.explore(scheduler -> {
                    ReplayTarget.Instance model = binding.start(scheduler, start);
                    StepRefinement.attach(scheduler, model, checker);
                    return model::exactState;
                }, STEP_BOUND, MAX_SCHEDULES, run -> acceptable(run, mustComplete));
                schedules += r.schedules();
                exhausted &= r.exhausted();
                if (r.counterexample().isPresent()) {
                    Explorer.Counterexample cx = r.counterexample().get();
                    failure = Optional.of(start + "\n" + cx.result() + "\nschedule: " + cx.replayEntries());
                    break;
                }
            }
            CoverageReport report = CoverageReport.of(ReachableGraph.explore(oracle, MAX_SPEC_STATES),
                    checker.coverage());
            return new Result(variant, starts.size(), schedules, checker.coverage().steps(),
                    checker.coverage().stutters(), (System.nanoTime() - begin) / 1e9, mustComplete, report, failure,
                    exhausted);
        }
    }
}

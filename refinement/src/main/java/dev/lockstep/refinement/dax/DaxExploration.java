package dev.lockstep.refinement.dax;

import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.impl.dax.FileRange;
import dev.lockstep.impl.dax.FuseDax;
import dev.lockstep.impl.runtime.Explorer;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.refinement.CoverageReport;
import dev.lockstep.refinement.ReachableGraph;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Exhaustive bounded exploration of the Java DAX model: every schedule from each start, refinement checked at every
 * step against TLC's evaluation of the spec, and how much of TLC's reachable graph (same constants) the model covers.
 */
public final class DaxExploration {
    private static final long STEP_BOUND = 10_000;
    private static final long MAX_SCHEDULES = 1_000_000;
    private static final int MAX_SPEC_STATES = 1_000_000;

    /** An initial window (dmap -> file range it maps) and each task's accesses. */
    public record Start(Map<String, FileRange> window, List<List<FileRange>> accesses) {}

    /**
     * What the exploration of one variant found.
     *
     * @param failure the first run that broke refinement (or crashed), with its configuration and schedule
     * @param exhausted whether every schedule of every start was run
     */
    public record Result(DaxVariant variant, int starts, long schedules, long steps, long stutters, double seconds,
            CoverageReport coverage, Optional<String> failure, boolean exhausted) {

        /** Refinement held on every schedule, all were run, and no refining run left the spec's reachable graph. */
        public boolean passed() {
            return failure.isEmpty() && exhausted && coverage.statesOutside() == 0
                    && coverage.transitionsOutside() == 0;
        }

        public String render() {
            return String.format(Locale.ROOT, "%s, %d starts: %d schedules, %d steps checked (%d stutters), %.1f s%n",
                    variant.specName(), starts, schedules, steps, stutters, seconds)
                    + failure.map(f -> "refinement FAILED:\n" + f + "\n").orElse("")
                    + (exhausted ? "" : "exploration NOT exhausted (schedule bound reached)\n")
                    + coverage.render();
        }
    }

    private DaxExploration() {}

    /**
     * A refinement violation ends a run as failed; any other end is a behaviour of the model: completed, pruned,
     * deadlocked (fault-inline-reclaim's bug) or out of steps (inode-trylock's livelock).
     */
    private static boolean refines(RunResult r) {
        return !(r.outcome() instanceof Outcome.Failed);
    }

    public static Result explore(Path specDir, DaxVariant variant, List<Start> starts) {
        long begin = System.nanoTime();
        Start first = starts.get(0);
        try (SpecOracle oracle = DaxRefinement.loadOracle(specDir,
                DaxModels.config(variant, first.accesses(), first.window()))) {
            RefinementChecker checker = new RefinementChecker(oracle);
            long schedules = 0;
            boolean exhausted = true;
            Optional<String> failure = Optional.empty();
            for (Start s : starts) {
                DaxConfig config = DaxModels.config(variant, s.accesses(), s.window());
                Explorer.Result r = Explorer.explore(scheduler -> {
                    FuseDax dax = FuseDax.spawn(scheduler, config);
                    DaxRefinement.attach(scheduler, dax, checker);
                    return dax::explorationKey;
                }, STEP_BOUND, MAX_SCHEDULES, DaxExploration::refines);
                schedules += r.schedules();
                exhausted &= r.exhausted();
                if (r.counterexample().isPresent()) {
                    failure = Optional.of(config + "\n" + r.counterexample().get().result());
                    break;
                }
            }
            CoverageReport report = CoverageReport.of(ReachableGraph.explore(oracle, MAX_SPEC_STATES),
                    checker.coverage());
            return new Result(variant, starts.size(), schedules, checker.coverage().steps(),
                    checker.coverage().stutters(), (System.nanoTime() - begin) / 1e9, report, failure, exhausted);
        }
    }
}

package dev.lockstep.refinement.syncfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.Schedules;
import dev.lockstep.impl.syncfs.FuseSyncfs;
import dev.lockstep.impl.syncfs.SyncfsConfig;
import dev.lockstep.impl.syncfs.SyncfsVariant;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.binding.Repository;
import dev.lockstep.refinement.binding.StepRefinement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random schedules of upstream's Java model, with more tasks than the gate explores, refine specs/syncfs/SyncBucket.tla
 * at every step, complete (EverySyncfsReturns holds for upstream), and never touch freed or overwritten memory
 * (exhaustive exploration of the spec's own model: {@code BindingRefinementTest} and the gate).
 */
class SyncfsRefinementTest {
    private static final ProtocolSpec SPEC = Repository.spec("syncfs");
    private static final long STEP_BOUND = 2_000;

    private static final SyncfsConfig THREE_AND_THREE = new SyncfsConfig(SyncfsVariant.UPSTREAM,
            ImmutableList.of("w1", "w2", "w3"), ImmutableList.of("s1", "s2", "s3"));

    @Test
    void randomSchedulesOfThreeWritersAndThreeSyncfsRefineTheSpecAndComplete() {
        refinesAndCompletes(THREE_AND_THREE);
    }

    /** The same under LKMM_SUBSET, where the old bucket's atomic_dec may overtake the assignment. */
    @Test
    void underTheLkmmReorderingRandomSchedulesRefineTheSpecWithReorderingsAndComplete() {
        refinesAndCompletes(THREE_AND_THREE.withReorderings(ImmutableSet.of(SyncfsConfig.DEC_OVERTAKES_ASSIGN)));
    }

    private static void refinesAndCompletes(SyncfsConfig config) {
        try (SpecOracle oracle = SPEC.oracleWithConfig(SyncfsRefinementMapping.specConfig(config))) {
            RefinementChecker checker = new RefinementChecker(oracle);
            int[] reorderedRuns = {0};
            qt().withFixedSeed(8_2026L).withExamples(200).forAll(longs().all()).checkAssert(seed -> {
                Scheduler scheduler = new Scheduler(Schedules.random(seed), STEP_BOUND);
                scheduler.useMemoryModel(new SyncfsBinding().memoryModel(config));
                FuseSyncfs fs = FuseSyncfs.spawn(scheduler, config);
                StepRefinement.attach(scheduler, () -> SyncfsRefinementMapping.toSpec(fs), checker);
                boolean[] reordered = {false};
                scheduler.addListener((step, task, label) -> reordered[0] |= scheduler.stepReordered());
                RunResult run = scheduler.run();
                reorderedRuns[0] += reordered[0] ? 1 : 0;
                assertInstanceOf(Outcome.Completed.class, run.outcome(), () -> "seed " + seed + ": " + run);
                assertEquals(List.of(), fs.kasanReports(), () -> "seed " + seed);
                // every WRITE was answered, every bucket but the installed one went through kfree_rcu
                assertEquals(3, fs.serverReplies());
                assertTrue(fs.buckets().stream().filter(b -> b != fs.currBucket().orElseThrow())
                        .allMatch(b -> b.mem().state() == dev.lockstep.impl.runtime.Kasan.State.FREED));
            });
            assertTrue(checker.coverage().steps() > 0);
            // the decrement overtakes the assignment in some runs exactly when the spec allows it
            assertEquals(!config.reorderings().isEmpty(), reorderedRuns[0] > 0, reorderedRuns[0] + " runs reordered");
        }
    }
}

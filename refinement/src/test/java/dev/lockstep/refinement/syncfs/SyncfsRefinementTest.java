package dev.lockstep.refinement.syncfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.collect.ImmutableList;
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

    @Test
    void randomSchedulesOfThreeWritersAndThreeSyncfsRefineTheSpecAndComplete() {
        SyncfsConfig config = new SyncfsConfig(SyncfsVariant.UPSTREAM, ImmutableList.of("w1", "w2", "w3"),
                ImmutableList.of("s1", "s2", "s3"));
        try (SpecOracle oracle = SPEC.oracleWithConfig(SyncfsRefinementMapping.specConfig(config))) {
            RefinementChecker checker = new RefinementChecker(oracle);
            qt().withFixedSeed(8_2026L).withExamples(200).forAll(longs().all()).checkAssert(seed -> {
                Scheduler scheduler = new Scheduler(Schedules.random(seed), STEP_BOUND);
                FuseSyncfs fs = FuseSyncfs.spawn(scheduler, config);
                StepRefinement.attach(scheduler, () -> SyncfsRefinementMapping.toSpec(fs), checker);
                RunResult run = scheduler.run();
                assertInstanceOf(Outcome.Completed.class, run.outcome(), () -> "seed " + seed + ": " + run);
                assertEquals(List.of(), fs.kasanReports(), () -> "seed " + seed);
                // every WRITE was answered, every bucket but the installed one went through kfree_rcu
                assertEquals(3, fs.serverReplies());
                assertTrue(fs.buckets().stream().filter(b -> b != fs.currBucket().orElseThrow())
                        .allMatch(b -> b.mem().state() == dev.lockstep.impl.runtime.Kasan.State.FREED));
            });
            assertTrue(checker.coverage().steps() > 0);
        }
    }
}

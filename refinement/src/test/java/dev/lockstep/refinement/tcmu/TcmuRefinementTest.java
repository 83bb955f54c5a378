package dev.lockstep.refinement.tcmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.Schedules;
import dev.lockstep.impl.tcmu.TargetCoreUser;
import dev.lockstep.impl.tcmu.TcmuConfig;
import dev.lockstep.impl.tcmu.TcmuVariant;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.binding.Repository;
import dev.lockstep.refinement.binding.StepRefinement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Random schedules of upstream's Java model, with three faulting threads (the gate explores two exhaustively), refine
 * specs/tcmu/TcmuFault.tla at every step, complete, never use a freed page, and leave no stale mapping: the PTE, if
 * any, maps the slot's page.
 */
class TcmuRefinementTest {
    private static final ProtocolSpec SPEC = Repository.spec("tcmu");
    private static final long STEP_BOUND = 1_000;

    @Test
    void randomSchedulesOfThreeFaultsRefineTheSpecAndComplete() {
        ImmutableList<String> faults = ImmutableList.of("f1", "f2", "f3");
        TcmuConfig first = new TcmuConfig(TcmuVariant.UPSTREAM, faults, TcmuBinding.ALLOCATION_ORDERS.get(0));
        try (SpecOracle oracle = SPEC.oracleWithConfig(TcmuRefinementMapping.specConfig(first))) {
            RefinementChecker checker = new RefinementChecker(oracle);
            qt().withFixedSeed(9_2026L).withExamples(200)
                    .forAll(longs().all(), integers().between(0, TcmuBinding.ALLOCATION_ORDERS.size() - 1))
                    .checkAssert((seed, order) -> {
                        TcmuConfig config = new TcmuConfig(TcmuVariant.UPSTREAM, faults,
                                TcmuBinding.ALLOCATION_ORDERS.get(order));
                        Scheduler scheduler = new Scheduler(Schedules.random(seed), STEP_BOUND);
                        TargetCoreUser t = TargetCoreUser.spawn(scheduler, config);
                        StepRefinement.attach(scheduler, () -> TcmuRefinementMapping.toSpec(t), checker);
                        RunResult run = scheduler.run();
                        assertInstanceOf(Outcome.Completed.class, run.outcome(), () -> "seed " + seed + ": " + run);
                        assertEquals(List.of(), t.pageReports(), () -> "seed " + seed);
                        t.dataAreaPte().ifPresent(p -> assertEquals(t.dataPage(), Optional.of(p),
                                () -> "seed " + seed + ": stale mapping"));
                        assertEquals(t.dataPage().isPresent() ? 1 : 0, t.globalPageCount(), () -> "seed " + seed);
                    });
            assertTrue(checker.coverage().steps() > 0);
        }
    }
}

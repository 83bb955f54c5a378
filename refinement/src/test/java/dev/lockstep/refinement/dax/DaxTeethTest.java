package dev.lockstep.refinement.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.binding.BoundModel;
import dev.lockstep.refinement.binding.CounterexampleReplay;
import dev.lockstep.refinement.binding.Exploration;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.binding.Repository;
import dev.lockstep.refinement.replay.ActorStep;
import dev.lockstep.refinement.replay.Counterexample;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import dev.lockstep.refinement.replay.InterleavingResult;
import dev.lockstep.refinement.replay.InterleavingRunner;
import dev.lockstep.refinement.replay.PropertyVerdicts;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Java side of the gate fails on bugs that refinement alone allows: a Java model with a fix broken on purpose
 * ({@link DaxConfig#mutations()}) must fail the exploration, and a hang must fail the fixed-variant check.
 */
class DaxTeethTest {
    private static final ProtocolSpec SPEC = Repository.spec("dax");
    private static final DaxBinding BINDING = new DaxBinding();

    private static Exploration.Result exploreBroken(DaxVariant variant, String mutation) {
        ImmutableList<DaxConfig> starts = BINDING.explorationStarts(variant.specName()).stream()
                .map(c -> c.withMutation(mutation)).collect(ImmutableList.toImmutableList());
        return Exploration.explore(BINDING, SPEC, variant.specName(), starts);
    }

    /**
     * The spec's wake_up takes the waiters off fcd->range_waitq, so freeing a range without it is no spec step;
     * were it invisible to refinement, the demand that every run finishes would still catch the sleeper.
     */
    @Test
    void aLostWakeUpFailsTheExplorationWithTheScheduleShrunkAndDrawn() {
        Exploration.Result r = exploreBroken(DaxVariant.FAULT_WAIT_RETRY, DaxConfig.NO_WAKE_UP);
        assertFalse(r.passed(), r::render);
        String failure = r.failure().orElseThrow();
        assertTrue(failure.contains("refinement violation") || failure.contains("lets every task finish"), failure);
        assertTrue(failure.contains("rangeWaitq' = << >>"), failure);
        assertTrue(failure.contains("shrinks to"), failure);
    }

    /** alloc_dax_mapping merges into one step; without its lock nothing in the spec changes, but lockdep sees it. */
    @Test
    void aDroppedFcdLockFailsTheExplorationWhereTheFreeListIsTouched() {
        Exploration.Result r = exploreBroken(DaxVariant.REFCOUNT_UPSTREAM, DaxConfig.ALLOC_NO_FCD_LOCK);
        assertFalse(r.passed(), r::render);
        assertTrue(r.failure().orElseThrow().contains("lockdep_assert_held(fcd->lock) failed"), r::render);
    }

    /** The deadlock counterexample of the v1 fault path, on the fixed code with its wake-up lost, hangs. */
    @Test
    void aHangOnTheFixedVariantFailsTheCheckInsteadOfRunningOutOfStepsQuietly() {
        Counterexample cx = CounterexampleFiles.read(SPEC.counterexamples()
                .resolve("fault-inline-reclaim/deadlock.itf.json"));
        ImmutableList<ActorStep> interleaving;
        try (SpecOracle own = SPEC.oracle(cx.variant())) {
            interleaving = CounterexampleReplay.reproduce(BINDING, SPEC.constants(cx.variant()), cx, own,
                    Optional.empty()).interleaving();
        }
        CounterexampleReplay.FixedModel<DaxConfig> model = CounterexampleReplay.fixedModel(BINDING, SPEC, cx);
        try (SpecOracle fixed = SPEC.oracleWithConfig(model.specConfig())) {
            CounterexampleReplay.FixedSide<DaxConfig> side = CounterexampleReplay.fixedSide(BINDING, SPEC, cx, model,
                    fixed);
            assertTrue(side.mustComplete());
            RefinementChecker checker = new RefinementChecker(fixed);
            InterleavingResult sound = CounterexampleReplay.run(side.target(), interleaving, checker);
            assertEquals(Optional.empty(), side.failure(cx.property(), sound));
            BoundModel<DaxConfig> broken = new BoundModel<>(BINDING,
                    side.target().config().withMutation(DaxConfig.NO_WAKE_UP), Optional.empty());
            InterleavingResult hung = InterleavingRunner.run(broken, interleaving, Optional.of(checker),
                    InterleavingRunner.Options.DEFAULT);
            Optional<String> failure = PropertyVerdicts.failure(cx.property(), hung, side.mustComplete());
            assertTrue(failure.isPresent(), hung.run()::toString);
        }
    }
}

package dev.lockstep.refinement.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.impl.dax.FileRange;
import dev.lockstep.impl.runtime.Explorer;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.Schedules;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.RefinementViolation;
import dev.lockstep.refinement.RefinementViolationException;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.binding.Repository;
import dev.lockstep.refinement.binding.StepRefinement;
import dev.lockstep.refinement.replay.ReplayTarget;
import dev.lockstep.refinement.SpecState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java DAX model refines specs/dax/DaxReclaim.tla along random schedules of a bigger configuration than the gate
 * explores, and the refinement check catches mappings that lie (exhaustive exploration: {@code BindingRefinementTest}).
 */
class DaxRefinementTest {
    private static final ProtocolSpec SPEC = Repository.spec("dax");
    private static final DaxBinding BINDING = new DaxBinding();
    private static final long STEP_BOUND = 10_000;
    private static final long RANDOM_STEP_BOUND = 2_000;

    private static boolean acceptable(RunResult r) {
        return !(r.outcome() instanceof Outcome.Failed);
    }


    @ParameterizedTest
    @EnumSource(DaxVariant.class)
    void randomSchedulesOfTwoAccessesPerTaskOverTwoFilesRefineTheSpec(DaxVariant variant) {
        ImmutableList<String> inodes = ImmutableList.of("i1", "i2");
        DaxConfig shape = twoFileConfig(variant, List.of(0, 0, 0, 0), List.of(), inodes);
        try (SpecOracle oracle = SPEC.oracleWithConfig(BINDING.specConfig(shape))) {
            RefinementChecker checker = new RefinementChecker(oracle);
            boolean mustComplete = SPEC.mustComplete(variant.specName());
            qt().withExamples(60)
                    .forAll(longs().all(), lists().of(integers().between(0, 5)).ofSize(4),
                            lists().of(integers().between(0, 5)).ofSize(2))
                    .checkAssert((seed, ranges, window) -> {
                        DaxConfig config = twoFileConfig(variant, ranges, window, inodes);
                        Scheduler scheduler = new Scheduler(Schedules.random(seed), RANDOM_STEP_BOUND);
                        StepRefinement.attach(scheduler, BINDING.start(scheduler, config), checker);
                        RunResult run = scheduler.run();
                        // Where the expectations promise it, the random (so, with probability 1, fair) run ends
                        // with every access done: a deadlock or the step bound fails.
                        assertTrue(mustComplete ? run.outcome() instanceof Outcome.Completed : acceptable(run),
                                () -> config + " seed " + seed + ": " + run);
                    });
            assertTrue(checker.coverage().steps() > 0);
        }
    }

    /**
     * Two tasks with two accesses each over two files of three ranges; {@code ranges} picks each access's file
     * range (0..5), {@code window} the initial file range of d1 and d2 (duplicates and out-of-range values leave
     * the dmap free).
     */
    private static DaxConfig twoFileConfig(DaxVariant variant, List<Integer> ranges, List<Integer> window,
            ImmutableList<String> inodes) {
        List<List<FileRange>> accesses = List.of(
                List.of(fileRange(ranges.get(0), inodes), fileRange(ranges.get(1), inodes)),
                List.of(fileRange(ranges.get(2), inodes), fileRange(ranges.get(3), inodes)));
        Map<String, FileRange> initial = new LinkedHashMap<>();
        for (int i = 0; i < window.size(); i++) {
            FileRange r = fileRange(window.get(i), inodes);
            if (!initial.containsValue(r)) {
                initial.put(DaxModels.DMAPS.get(i), r);
            }
        }
        return DaxModels.config(variant, accesses, initial, inodes);
    }

    private static FileRange fileRange(int n, List<String> inodes) {
        return new FileRange(inodes.get(n / DaxModels.RANGES), n % DaxModels.RANGES);
    }

    @Test
    void mappingThatForgetsTheRefcountBaseIsCaughtAtTheInitialState() {
        DaxConfig config = DaxModels.config(DaxVariant.REFCOUNT_UPSTREAM, DaxModels.singleAccesses().get(0),
                DaxModels.initialWindows().get(0));
        try (SpecOracle oracle = SPEC.oracleWithConfig(BINDING.specConfig(config))) {
            Scheduler scheduler = new Scheduler(Schedules.firstEnabled(), STEP_BOUND);
            ReplayTarget.Instance dax = lying(BINDING.start(scheduler, config), DaxRefinementTest::withoutBase);
            RefinementViolationException e = assertThrows(RefinementViolationException.class,
                    () -> StepRefinement.attach(scheduler, dax, new RefinementChecker(oracle)));
            RefinementViolation v = e.violation();
            assertEquals(RefinementViolation.Kind.NOT_INITIAL, v.kind());
            assertEquals(List.of("refcnt"), v.changed());
            assertTrue(e.getMessage().contains("/\\ refcnt = [d1 |-> 0, d2 |-> 0]    (differs)"), e.getMessage());
        }
    }

    /** refcount_t counts from 1: a mapping that reports the users (count - 1) instead of the count is wrong. */
    private static SpecState withoutBase(SpecState spec) {
        Map<TlaValue, TlaValue> refcnt = new LinkedHashMap<>();
        ((TlaFunction) spec.get("refcnt")).asMap()
                .forEach((d, n) -> refcnt.put(d, TlaInt.of(((TlaInt) n).value().longValue() - 1)));
        return spec.with("refcnt", TlaFunction.of(refcnt));
    }

    @Test
    void mappingThatHidesTheLockedDaxEntriesIsCaughtWithTheStepThatLocksOne() {
        DaxConfig config = DaxModels.config(DaxVariant.FAULT_WAIT_RETRY, DaxModels.singleAccesses().get(0),
                DaxModels.initialWindows().get(0));
        try (SpecOracle oracle = SPEC.oracleWithConfig(BINDING.specConfig(config))) {
            RefinementChecker checker = new RefinementChecker(oracle);
            Explorer.Result r = Explorer.explore(scheduler -> {
                ReplayTarget.Instance dax = lying(BINDING.start(scheduler, config),
                        DaxRefinementTest::withoutLockedEntries);
                StepRefinement.attach(scheduler, dax, checker);
                return dax::exactState;
            }, STEP_BOUND, 1_000_000, DaxRefinementTest::acceptable);
            RunResult failed = r.counterexample().orElseThrow().result();
            RefinementViolation v = ((RefinementViolationException) ((Outcome.Failed) failed.outcome()).cause())
                    .violation();
            assertEquals(RefinementViolation.Kind.NOT_A_STEP, v.kind());
            assertTrue(v.enabled().stream().anyMatch(t -> !t.target().get("daxEntryLocked")
                    .equals(v.before().orElseThrow().get("daxEntryLocked"))), v::render);
        }
    }

    /** The model seen through a mapping that changes what it reports. */
    private static ReplayTarget.Instance lying(ReplayTarget.Instance model, UnaryOperator<SpecState> lie) {
        return new ReplayTarget.Instance() {
            @Override
            public SpecState abstractState() {
                return lie.apply(model.abstractState());
            }

            @Override
            public Object exactState() {
                return model.exactState();
            }
        };
    }

    private static SpecState withoutLockedEntries(SpecState spec) {
        return spec.with("daxEntryLocked", TlaSet.of());
    }
}

package dev.lockstep.refinement.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.impl.dax.FileRange;
import dev.lockstep.impl.dax.FuseDax;
import dev.lockstep.impl.runtime.Explorer;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.Schedules;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.RefinementViolation;
import dev.lockstep.refinement.RefinementViolationException;
import dev.lockstep.refinement.SpecOracle;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java DAX model refines specs/dax/DaxReclaim.tla at every scheduler step, in every variant. */
class DaxRefinementTest {
    private static final Path SPEC_DIR = DaxCounterexampleTest.SPEC_DIR;
    private static final long STEP_BOUND = 10_000;
    private static final long RANDOM_STEP_BOUND = 2_000;

    private static boolean acceptable(RunResult r) {
        return !(r.outcome() instanceof Outcome.Failed);
    }

    private static Optional<String> failure(RunResult r) {
        return acceptable(r) ? Optional.empty() : Optional.of(r.toString());
    }

    @ParameterizedTest
    @EnumSource(DaxVariant.class)
    void everyScheduleFromRepresentativeStartsRefinesTheSpec(DaxVariant variant) {
        assertRefines(DaxExploration.explore(SPEC_DIR, variant, DaxModels.representativeStarts()));
    }

    /** All 13 initial windows x all 9 access choices: minutes per variant, so only on request. */
    @ParameterizedTest
    @EnumSource(DaxVariant.class)
    @EnabledIfSystemProperty(named = "lockstep.refinement.fullSweep", matches = "true")
    void everyScheduleFromEveryStartRefinesTheSpec(DaxVariant variant) {
        assertRefines(DaxExploration.explore(SPEC_DIR, variant, DaxModels.everyStart()));
    }

    private static void assertRefines(DaxExploration.Result r) {
        System.out.print(r.render());
        assertEquals(Optional.empty(), r.failure());
        assertTrue(r.exhausted(), r::render);
        // With no CONSTRAINT every state a refining run visits is reachable in the spec.
        assertEquals(0, r.coverage().statesOutside());
        assertEquals(0, r.coverage().transitionsOutside());
        assertTrue(r.passed(), r::render);
    }

    @ParameterizedTest
    @EnumSource(DaxVariant.class)
    void randomSchedulesOfTwoAccessesPerTaskOverTwoFilesRefineTheSpec(DaxVariant variant) {
        ImmutableList<String> inodes = ImmutableList.of("i1", "i2");
        DaxConfig shape = twoFileConfig(variant, List.of(0, 0, 0, 0), List.of(), inodes);
        try (SpecOracle oracle = DaxRefinement.loadOracle(SPEC_DIR, shape)) {
            RefinementChecker checker = new RefinementChecker(oracle);
            qt().withExamples(60)
                    .forAll(longs().all(), lists().of(integers().between(0, 5)).ofSize(4),
                            lists().of(integers().between(0, 5)).ofSize(2))
                    .checkAssert((seed, ranges, window) -> {
                        DaxConfig config = twoFileConfig(variant, ranges, window, inodes);
                        Scheduler scheduler = new Scheduler(Schedules.random(seed), RANDOM_STEP_BOUND);
                        DaxRefinement.attach(scheduler, FuseDax.spawn(scheduler, config), checker);
                        assertEquals(Optional.empty(), failure(scheduler.run()), () -> config + " seed " + seed);
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
        try (SpecOracle oracle = DaxRefinement.loadOracle(SPEC_DIR, config)) {
            Scheduler scheduler = new Scheduler(Schedules.firstEnabled(), STEP_BOUND);
            FuseDax dax = FuseDax.spawn(scheduler, config);
            RefinementViolationException e = assertThrows(RefinementViolationException.class,
                    () -> DaxRefinement.attach(scheduler, dax, new RefinementChecker(oracle),
                            s -> withoutBase(DaxRefinementMapping.toSpec(s))));
            RefinementViolation v = e.violation();
            assertEquals(RefinementViolation.Kind.NOT_INITIAL, v.kind());
            assertEquals(List.of("refcnt"), v.changed());
            assertTrue(e.getMessage().contains("/\\ refcnt = [d1 |-> 0, d2 |-> 0]    (differs)"), e.getMessage());
        }
    }

    /** refcount_t counts from 1: a mapping that reports the users (count - 1) instead of the count is wrong. */
    private static ImmutableMap<String, TlaValue> withoutBase(ImmutableMap<String, TlaValue> spec) {
        Map<TlaValue, TlaValue> refcnt = new LinkedHashMap<>();
        ((TlaFunction) spec.get("refcnt")).asMap()
                .forEach((d, n) -> refcnt.put(d, TlaInt.of(((TlaInt) n).value().longValue() - 1)));
        Map<String, TlaValue> out = new LinkedHashMap<>(spec);
        out.put("refcnt", TlaFunction.of(refcnt));
        return ImmutableMap.copyOf(out);
    }

    @Test
    void mappingThatHidesTheLockedDaxEntriesIsCaughtWithTheStepThatLocksOne() {
        DaxConfig config = DaxModels.config(DaxVariant.FAULT_WAIT_RETRY, DaxModels.singleAccesses().get(0),
                DaxModels.initialWindows().get(0));
        try (SpecOracle oracle = DaxRefinement.loadOracle(SPEC_DIR, config)) {
            RefinementChecker checker = new RefinementChecker(oracle);
            Explorer.Result r = Explorer.explore(scheduler -> {
                FuseDax dax = FuseDax.spawn(scheduler, config);
                DaxRefinement.attach(scheduler, dax, checker,
                        s -> withoutLockedEntries(DaxRefinementMapping.toSpec(s)));
                return dax::explorationKey;
            }, STEP_BOUND, 1_000_000, DaxRefinementTest::acceptable);
            RunResult failed = r.counterexample().orElseThrow().result();
            RefinementViolation v = ((RefinementViolationException) ((Outcome.Failed) failed.outcome()).cause())
                    .violation();
            assertEquals(RefinementViolation.Kind.NOT_A_STEP, v.kind());
            assertTrue(v.enabled().stream().anyMatch(t -> !t.target().get("daxEntryLocked")
                    .equals(v.before().orElseThrow().get("daxEntryLocked"))), v::render);
        }
    }

    private static ImmutableMap<String, TlaValue> withoutLockedEntries(ImmutableMap<String, TlaValue> spec) {
        Map<String, TlaValue> out = new LinkedHashMap<>(spec);
        out.put("daxEntryLocked", TlaSet.of());
        return ImmutableMap.copyOf(out);
    }
}

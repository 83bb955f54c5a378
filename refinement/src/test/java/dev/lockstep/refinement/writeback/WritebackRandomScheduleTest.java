package dev.lockstep.refinement.writeback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.lockstep.checker.gate.CheckKind;
import dev.lockstep.checker.gate.Expectation;
import dev.lockstep.checker.gate.Outcome;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.Schedules;
import dev.lockstep.impl.writeback.WritebackConfig;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.binding.Repository;
import dev.lockstep.refinement.binding.StepRefinement;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Random schedules of every writeback model refine specs/writeback/FuseWriteback.tla at every step, end with every
 * task done, and keep every property the model's expectations say holds: invariants in every state, action
 * properties on every step, both as TLC evaluates the spec's own definitions on the mapped states.
 */
class WritebackRandomScheduleTest {
    private static final ProtocolSpec SPEC = Repository.spec("writeback");
    private static final WritebackBinding BINDING = new WritebackBinding();
    private static final long STEP_BOUND = 2_000;

    @TestFactory
    Stream<DynamicTest> randomSchedulesRefineTheSpecAndKeepTheModelsProperties() {
        return BINDING.variants().stream().map(model -> DynamicTest.dynamicTest(model, () -> {
            List<Expectation> holding = SPEC.models().expectations().stream()
                    .filter(e -> e.variant().equals(model) && e.expected() == Outcome.HOLDS
                            && (e.kind() == CheckKind.INVARIANT || e.kind() == CheckKind.PROPERTY))
                    .toList();
            WritebackConfig config = WritebackModels.model(model);
            try (SpecOracle oracle = SPEC.oracleWithConfig(BINDING.specConfig(config))) {
                RefinementChecker checker = new RefinementChecker(oracle);
                qt().withFixedSeed(2026L).withExamples(40).forAll(longs().all()).checkAssert(seed -> {
                    List<String> broken = new ArrayList<>();
                    RunResult run = runRandom(config, seed, checker, oracle, holding, broken);
                    assertTrue(run.outcome() instanceof dev.lockstep.impl.runtime.Outcome.Completed,
                            () -> model + " seed " + seed + ": " + run);
                    assertEquals(List.of(), broken, () -> model + " seed " + seed);
                });
                assertTrue(checker.coverage().steps() > 0);
            }
        }));
    }

    /**
     * The same check finds what it must: on the RFC, random schedules reach a store into the page while the WRITE that
     * sends it is in flight (NoTornMmapWrite, which expectations.txt says is violated there).
     */
    @Test
    void theStepCheckFindsTheRfcsTornMmapWrite() {
        WritebackConfig config = WritebackModels.model("rfc-no-temp");
        Expectation tornMmap = SPEC.models().expectations().stream()
                .filter(e -> e.variant().equals("rfc-no-temp") && e.name().orElse("").equals("NoTornMmapWrite"))
                .findFirst().orElseThrow();
        assertEquals(Outcome.VIOLATED, tornMmap.expected());
        try (SpecOracle oracle = SPEC.oracleWithConfig(BINDING.specConfig(config))) {
            RefinementChecker checker = new RefinementChecker(oracle);
            long violating = IntStream.range(0, 200).filter(seed -> {
                List<String> broken = new ArrayList<>();
                runRandom(config, seed, checker, oracle, List.of(tornMmap), broken);
                return !broken.isEmpty();
            }).count();
            assertTrue(violating > 0, "no random schedule of the RFC tears an mmap write");
        }
    }

    private static RunResult runRandom(WritebackConfig config, long seed, RefinementChecker checker, SpecOracle oracle,
            List<Expectation> properties, List<String> broken) {
        Scheduler scheduler = new Scheduler(Schedules.random(seed), STEP_BOUND);
        ReplayTarget.Instance wb = BINDING.start(scheduler, config);
        StepRefinement.attach(scheduler, wb, checker);
        SpecState[] previous = {wb.abstractState()};
        judge(oracle, properties, null, previous[0], "initial state", broken);
        scheduler.addListener((step, task, label) -> {
            SpecState now = wb.abstractState();
            judge(oracle, properties, previous[0], now, "step " + step + " " + task + ": " + label, broken);
            previous[0] = now;
        });
        return scheduler.run();
    }

    private static void judge(SpecOracle oracle, List<Expectation> properties, SpecState before, SpecState now,
            String where, List<String> broken) {
        for (Expectation e : properties) {
            String name = e.name().orElseThrow();
            boolean ok = e.kind() == CheckKind.INVARIANT ? oracle.holds(name, now)
                    : before == null || oracle.actionHolds(name, before, now);
            if (!ok) {
                broken.add(name + " at " + where);
            }
        }
    }
}

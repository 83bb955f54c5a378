package dev.lockstep.refinement.dax;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.replay.ActorStep;
import dev.lockstep.refinement.replay.Counterexample;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import dev.lockstep.refinement.replay.CounterexampleTestFactory;
import dev.lockstep.refinement.replay.DeltaDebugging;
import dev.lockstep.refinement.replay.ImplStep;
import dev.lockstep.refinement.replay.InterleavingRunner;
import dev.lockstep.refinement.replay.NeighbourEdits;
import dev.lockstep.refinement.replay.PropertyVerdicts;
import dev.lockstep.refinement.replay.ReplayResult;
import dev.lockstep.refinement.replay.ScheduleEdit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Every DaxReclaim counterexample under counterexamples/dax is a regression test of the Java model: it reproduces on
 * its variant step for step, its interleaving (and every neighbour) keeps the property on the fixed variant, and the
 * same interleaving does violate it on the buggy variant (so the fixed-variant check is not vacuous). A spec mutant's
 * counterexample is skipped: the Java model breaks none of the spec's fixes.
 */
class DaxCounterexampleTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path SPEC_DIR = ROOT.resolve("specs").resolve("dax");
    static final Path COUNTEREXAMPLES = ROOT.resolve("counterexamples").resolve("dax");

    private static Counterexample read(String relative) {
        return CounterexampleFiles.read(COUNTEREXAMPLES.resolve(relative));
    }

    /** Skips (JUnit: aborted, with the reason) a spec mutant's counterexample: the Java model has no counterpart. */
    static void skipSpecMutant(Path specDir, Counterexample cx) {
        DaxSpecConstants.of(specDir, cx.variant()).notReplayed().ifPresent(Assumptions::abort);
    }

    /** A copy of a real counterexample filed under {@code variant} in {@code dir}, with #meta.variant to match. */
    static Path refiled(Path dir, String relative, String variant) throws IOException {
        Path from = COUNTEREXAMPLES.resolve(relative);
        Path to = Files.createDirectories(dir.resolve(variant)).resolve(from.getFileName());
        String ownVariant = from.getParent().getFileName().toString();
        Files.writeString(to, Files.readString(from).replace("\"variant\": \"" + ownVariant + "\"",
                "\"variant\": \"" + variant + "\""));
        return to;
    }

    @TestFactory
    Stream<DynamicTest> everyCounterexampleReproducesOnItsVariantAndHoldsOnTheFixedVariant() {
        return CounterexampleTestFactory.each(COUNTEREXAMPLES, cx -> {
            skipSpecMutant(SPEC_DIR, cx);
            DaxCounterexampleReplay.Reproduction r = DaxCounterexampleReplay.reproduce(cx, SPEC_DIR);
            assertTrue(r.reproduced(), r::render);
            assertEquals(Optional.empty(), r.replay().refinement());
            DaxCounterexampleReplay.FixedCheck f = DaxCounterexampleReplay.checkFixed(cx, r.interleaving(), SPEC_DIR);
            assertTrue(f.holds(), f::render);
            assertTrue(f.neighbours() > 0);
        });
    }

    /** The actor order of the counterexample, as its own variant reproduces it (no refinement check needed here). */
    private static ImmutableList<ActorStep> interleavingOf(Counterexample cx, DaxSpecConstants own) {
        return DaxCounterexampleReplay.reproduce(cx, own, Optional.empty()).interleaving();
    }

    @TestFactory
    Stream<DynamicTest> theInterleavingViolatesThePropertyOnTheBuggyVariant() {
        return CounterexampleTestFactory.each(COUNTEREXAMPLES, cx -> {
            skipSpecMutant(SPEC_DIR, cx);
            DaxSpecConstants own = DaxSpecConstants.of(SPEC_DIR, cx.variant());
            ImmutableList<ActorStep> interleaving = interleavingOf(cx, own);
            DaxReplayTarget target = new DaxReplayTarget(DaxTraceConfig.of(cx.trace(), own), cx.property());
            // No refinement check: a livelock runs to the step bound.
            assertTrue(PropertyVerdicts.failure(cx.property(), InterleavingRunner.run(target, interleaving,
                    Optional.empty(), InterleavingRunner.Options.DEFAULT)).isPresent(), interleaving::toString);
        });
    }

    @TestFactory
    Stream<DynamicTest> neighbouringInterleavingsFromQuickTheoriesHoldOnTheFixedVariant() {
        return CounterexampleTestFactory.each(COUNTEREXAMPLES, cx -> {
            skipSpecMutant(SPEC_DIR, cx);
            DaxSpecConstants own = DaxSpecConstants.of(SPEC_DIR, cx.variant());
            ImmutableList<ActorStep> base = interleavingOf(cx, own);
            DaxSpecConstants fixed = DaxSpecConstants.of(SPEC_DIR,
                    DaxCounterexampleReplay.fixedVariant(own.variant()).specName());
            DaxReplayTarget target = new DaxReplayTarget(DaxTraceConfig.of(cx.trace(), fixed), cx.property());
            List<String> actors = new ArrayList<>(fixed.tasks());
            actors.add("worker");
            try (SpecOracle oracle = SpecOracle.load(SPEC_DIR, DaxRefinement.MODULE, fixed.cfg())) {
                RefinementChecker checker = new RefinementChecker(oracle);
                qt().withFixedSeed(4_2026L).withExamples(60)
                        .forAll(NeighbourEdits.editLists(actors, 6))
                        .checkAssert(edits -> {
                            ImmutableList<ActorStep> s = ScheduleEdit.applyAll(base, edits);
                            if (PropertyVerdicts.failure(cx.property(), DaxCounterexampleReplay.run(target, s,
                                    checker)).isPresent()) {
                                fail(DaxCounterexampleReplay.shrunk(cx.property(), target, s, checker, oracle));
                            }
                        });
            }
        });
    }

    @Test
    void aSpecMutantsCounterexampleIsSkippedWithTheReasonAndARealVariantsIsNot(@TempDir Path dir) throws IOException {
        Counterexample mutant = CounterexampleFiles.read(
                refiled(dir, "refcount-relaxed/NoReclaimWhileInUse.itf.json", "mutant-no-recheck"));
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> skipSpecMutant(SPEC_DIR, mutant));
        assertEquals("spec mutant mutant-no-recheck: no Java counterpart, not replayed", e.getMessage());
        assertDoesNotThrow(() -> skipSpecMutant(SPEC_DIR, read("refcount-relaxed/NoReclaimWhileInUse.itf.json")));
    }

    @Test
    void theRelaxedDecrementOvertakesTheCopyAndReclaimTakesTheRangeInUse() {
        DaxCounterexampleReplay.Reproduction r = DaxCounterexampleReplay.reproduce(
                read("refcount-relaxed/NoReclaimWhileInUse.itf.json"), SPEC_DIR);
        assertTrue(r.reproduced(), r::render);
        ReplayResult replay = r.replay();
        ImplStep dec = replay.matchedSteps().stream()
                .filter(s -> replay.plan().steps().get(s.reached() - 1).action().equals("AtomicDecVisible"))
                .findFirst().orElseThrow();
        // The copy is still in flight (alternative 1); the relaxed atomic_dec is taken instead.
        assertTrue(dec.operation().startsWith("atomic_dec("), dec::toString);
        assertEquals(1, dec.alternative());
        ReplayResult.PropertyViolation v = replay.property().orElseThrow();
        assertEquals(replay.plan().steps().size(), v.position());
        assertTrue(v.messages().get(0).startsWith("NoReclaimWhileInUse: r1 at copy_dec_visible uses d2"),
                v.messages()::toString);
    }

    @Test
    void theV1FaultPathDeadlocksOnItsOwnDaxEntryInTheRuntime() {
        DaxCounterexampleReplay.Reproduction r = DaxCounterexampleReplay.reproduce(
                read("fault-inline-reclaim/deadlock.itf.json"), SPEC_DIR);
        assertTrue(r.reproduced(), r::render);
        Outcome.Deadlock d = assertInstanceOf(Outcome.Deadlock.class, r.replay().run().outcome());
        assertEquals(List.of("f1", "f2", "worker"), d.blocked().stream().map(Outcome.Blocked::task).toList());
        // fuse_break_dax_layouts waits for the entry the fault itself holds.
        assertTrue(d.cycles().contains(List.of("f1")), d::toString);
    }

    @Test
    void theTrylockLivelockRepeatsForeverWithTheReadSleeping() {
        DaxCounterexampleReplay.Reproduction r = DaxCounterexampleReplay.reproduce(
                read("inode-trylock/EveryAccessCompletes.itf.json"), SPEC_DIR);
        assertTrue(r.reproduced(), r::render);
        ReplayResult.LoopCycle c = r.replay().loopCycle().orElseThrow();
        assertTrue(c.second() > c.first());
        assertEquals(List.of("r1"), DaxCounterexampleReplay.busyTasks(r.replay().loopAbstractStates()
                .get(c.second())));
        assertTrue(r.replay().ignoredInLoop().isEmpty());
    }

    @Test
    void aFailingInterleavingShrinksToAOneMinimalOneRenderedWithSpecActions() {
        Counterexample cx = read("refcount-relaxed/NoReclaimWhileInUse.itf.json");
        DaxSpecConstants own = DaxSpecConstants.of(SPEC_DIR, cx.variant());
        ImmutableList<ActorStep> base = DaxCounterexampleReplay.reproduce(cx, own, Optional.empty()).interleaving();
        DaxReplayTarget target = new DaxReplayTarget(DaxTraceConfig.of(cx.trace(), own), cx.property());
        try (SpecOracle oracle = SpecOracle.load(SPEC_DIR, DaxRefinement.MODULE, own.cfg())) {
            RefinementChecker checker = new RefinementChecker(oracle);
            // A neighbour with an extra worker step up front still fails; shrinking removes it again.
            ImmutableList<ActorStep> failing = new ScheduleEdit.Insert(0, "worker").applyTo(base);
            Predicate<List<ActorStep>> fails = s -> PropertyVerdicts.failure(cx.property(),
                    DaxCounterexampleReplay.run(target, s, checker)).isPresent();
            assertTrue(fails.test(failing));
            ImmutableList<ActorStep> min = DeltaDebugging.minimise(failing, fails);
            for (int i = 0; i < min.size(); i++) {
                List<ActorStep> smaller = new ArrayList<>(min);
                smaller.remove(i);
                assertFalse(fails.test(smaller), () -> "not 1-minimal: " + min);
            }
            String report = DaxCounterexampleReplay.shrunk(cx.property(), target, failing, checker, oracle);
            assertTrue(report.contains("shrinks to " + min), report);
            assertTrue(report.contains("AtomicDecVisible") && report.contains("LookupAndReclaimDmapLocked"), report);
            assertTrue(report.contains("NoReclaimWhileInUse violated"), report);
        }
    }
}

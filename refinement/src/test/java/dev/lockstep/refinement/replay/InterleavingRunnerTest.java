package dev.lockstep.refinement.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Interleavings of ToyLock traces scheduled on the fixed and the racy toy implementation. */
class InterleavingRunnerTest {
    private static final ViolatedProperty EXCLUSIVE = new ViolatedProperty(ViolatedProperty.Kind.INVARIANT,
            "Exclusive");

    private static ImmutableList<ActorStep> raceInterleaving() {
        ReplayResult r = TraceReplayer.replay(new ToyLock(true),
                ReplayPlan.of(ToyLock.checkThenSetRace(), ViolatedProperty.Kind.INVARIANT, 1), Optional.empty(),
                TraceReplayer.Options.DEFAULT);
        return ActorStep.of(r);
    }

    private static Optional<String> failure(ToyLock impl, List<ActorStep> schedule, Optional<RefinementChecker> c) {
        return PropertyVerdicts.failure(EXCLUSIVE, InterleavingRunner.run(impl, schedule, c,
                InterleavingRunner.Options.DEFAULT), true);
    }

    @Test
    void theRacesInterleavingOnTheFixedCodeKeepsThePropertyAndRefinesTheFixedSpec() {
        try (SpecOracle oracle = ToyLock.oracle("fixed")) {
            InterleavingResult r = InterleavingRunner.run(new ToyLock(false), raceInterleaving(),
                    Optional.of(new RefinementChecker(oracle)), InterleavingRunner.Options.DEFAULT);
            assertEquals(Optional.empty(), PropertyVerdicts.failure(EXCLUSIVE, r, true));
            assertTrue(r.run().outcome() instanceof Outcome.Completed, r.run()::toString);
            // p2 cannot pass the check while p1 holds the lock: its entries are skipped.
            assertFalse(r.skipped().isEmpty());
            assertEquals(ImmutableList.of("p1", "p1", "p1", "p2", "p2", "p2"),
                    r.moves().stream().map(InterleavingResult.Move::actor).toList());
        }
    }

    @Test
    void aRunThatRunsOutOfStepsIsNeverASuccessEvenForAnInvariant() {
        InterleavingResult r = InterleavingRunner.run(new ToyLock(false), raceInterleaving(), Optional.empty(),
                new InterleavingRunner.Options(32, 3));
        assertTrue(r.run().outcome() instanceof Outcome.StepBoundExceeded, r.run()::toString);
        Optional<String> f = PropertyVerdicts.failure(EXCLUSIVE, r, false);
        assertTrue(f.orElseThrow().startsWith("the run ran out of steps"), f::toString);
    }

    @Test
    void everyNeighbouringInterleavingOnTheFixedCodeKeepsTheProperty() {
        ImmutableList<ActorStep> base = raceInterleaving();
        try (SpecOracle oracle = ToyLock.oracle("fixed")) {
            RefinementChecker checker = new RefinementChecker(oracle);
            qt().withFixedSeed(20261122L).withExamples(100)
                    .forAll(NeighbourEdits.editLists(ToyLock.PROCS, 4))
                    .checkAssert(edits -> {
                        ImmutableList<ActorStep> s = ScheduleEdit.applyAll(base, edits);
                        assertEquals(Optional.empty(), failure(new ToyLock(false), s, Optional.of(checker)),
                                s::toString);
                    });
        }
    }

    @Test
    void aFailingInterleavingOnTheRacyCodeShrinksToAOneMinimalOne() {
        ImmutableList<ActorStep> base = raceInterleaving();
        Predicate<List<ActorStep>> fails = s -> failure(new ToyLock(true), s, Optional.empty()).isPresent();
        assertTrue(fails.test(base));
        ImmutableList<ActorStep> min = DeltaDebugging.minimise(base, fails);
        assertTrue(fails.test(min));
        for (int i = 0; i < min.size(); i++) {
            List<ActorStep> smaller = new ArrayList<>(min);
            smaller.remove(i);
            assertFalse(fails.test(smaller), () -> "not 1-minimal: " + min);
        }
        // Both processes must pass the check before either sets the lock; the fair continuation does the rest.
        assertEquals(List.of(new ActorStep("p1", 0), new ActorStep("p2", 0)), min);
        String trace = InterleavingRunner.run(new ToyLock(true), min, Optional.empty(),
                InterleavingRunner.Options.DEFAULT).render((before, after) -> "step");
        assertTrue(trace.startsWith("interleaving [p1, p2]\n"), trace);
        assertTrue(trace.contains("property violated after impl step"), trace);
        assertTrue(trace.contains("| p1 ") && trace.contains("| p2"), trace);
    }
}

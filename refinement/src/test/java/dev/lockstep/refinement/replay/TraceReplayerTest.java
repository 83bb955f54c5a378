package dev.lockstep.refinement.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.RefinementViolation;
import dev.lockstep.refinement.SpecOracle;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Replays of ToyLock traces on the toy implementation: reproduction, alternatives, divergence, refinement. */
class TraceReplayerTest {
    private static ReplayPlan plan(Trace trace) {
        return ReplayPlan.of(trace, ViolatedProperty.Kind.INVARIANT, 1);
    }

    @Test
    void replayReproducesTheCheckThenSetRaceStepForStep() {
        try (SpecOracle oracle = ToyLock.oracle("racy")) {
            ReplayResult r = TraceReplayer.replay(new ToyLock(true), plan(ToyLock.checkThenSetRace()),
                    Optional.of(new RefinementChecker(oracle)), TraceReplayer.Options.DEFAULT);
            assertTrue(r.followedPlan(), () -> r.divergence().map(Divergence::render).orElse("refinement"));
            assertEquals(ImmutableList.of("p1", "p2", "p1", "p2"),
                    r.matchedSteps().stream().map(ImplStep::actor).toList());
            assertEquals(ImmutableList.of("load(locked)", "load(locked)", "store(locked, 1)", "store(locked, 1)"),
                    r.matchedSteps().stream().map(ImplStep::operation).toList());
            // cond_resched changes no spec variable: a stutter the replay allows before each Check.
            assertEquals(2, r.steps().stream().filter(ImplStep::stutter).count());
            // The property breaks exactly where the trace ends, as TLC reports the first violating state.
            ReplayResult.PropertyViolation v = r.property().orElseThrow();
            assertEquals(4, v.position());
            assertEquals(r.matchedSteps().get(3).step(), v.implStep());
        }
    }

    @Test
    void replaySearchesTheActorsAlternativesWhenTheFirstDiverges() {
        ReplayResult r = TraceReplayer.replay(new ToyLock(true), plan(ToyLock.earlyReleaseRace()), Optional.empty(),
                TraceReplayer.Options.DEFAULT);
        assertTrue(r.followedPlan(), () -> r.divergence().map(Divergence::render).orElse("?"));
        ImplStep early = r.matchedSteps().get(2);
        // p1's copy is in flight: alternative 0 performs it, alternative 1 is the overtaking unlock.
        assertEquals("store(locked, 0)", early.operation());
        assertEquals(1, early.alternative());
        assertEquals(2, early.alternatives());
        assertTrue(r.attempts() > 1);
        assertTrue(r.property().isPresent());
    }

    @Test
    void replayOnAnotherImplementationReportsTheDivergenceWithTheStateDifference() {
        ReplayResult r = TraceReplayer.replay(new ToyLock(false), plan(ToyLock.checkThenSetRace()), Optional.empty(),
                TraceReplayer.Options.DEFAULT);
        assertFalse(r.followedPlan());
        Divergence d = r.divergence().orElseThrow();
        assertEquals(Divergence.Kind.DIFFERENT_STATE, d.kind());
        assertEquals(2, d.expected().stateNumber());
        assertEquals("p1", d.expected().actor());
        assertEquals("cmpxchg(locked, 0, 1)", d.operation());
        assertEquals(ImmutableList.of("pc[\"p1\"]: expected \"set\", actual \"cs\"", "locked: expected FALSE, actual TRUE"),
                d.details());
        String report = d.render();
        assertTrue(report.startsWith("diverged before trace state 2 (Check by p1): impl step "), report);
    }

    @Test
    void replayReportsAnActorTheImplementationBlocks() {
        // p2 cannot pass the check while p1 holds the lock.
        Trace t = ToyLock.trace(
                new Object[] {"Check", "set", "idle", false},
                new Object[] {"Set", "cs", "idle", true},
                new Object[] {"Check", "cs", "set", false});
        ReplayResult r = TraceReplayer.replay(new ToyLock(true), plan(t), Optional.empty(),
                TraceReplayer.Options.DEFAULT);
        Divergence d = r.divergence().orElseThrow();
        assertEquals(Divergence.Kind.ACTOR_BLOCKED, d.kind());
        assertEquals(4, d.expected().stateNumber());
        assertTrue(d.details().contains("enabled: p1:copy(p1)"), d.details()::toString);
    }

    @Test
    void replayChecksRefinementAtEveryImplementationStep() {
        // The racy code against the fixed spec: its two-step acquire is no step of the fixed spec.
        try (SpecOracle oracle = ToyLock.oracle("fixed")) {
            ReplayResult r = TraceReplayer.replay(new ToyLock(true), plan(ToyLock.checkThenSetRace()),
                    Optional.of(new RefinementChecker(oracle)), TraceReplayer.Options.DEFAULT);
            RefinementViolation v = r.refinement().orElseThrow();
            assertEquals(RefinementViolation.Kind.NOT_A_STEP, v.kind());
            assertEquals("load(locked)", v.operation());
            assertEquals("p1", v.actor());
        }
    }

    @Test
    void replayReportsADifferentInitialState() {
        Trace t = ToyLock.checkThenSetRace();
        Trace lockedAtStart = Trace.finite(ImmutableList.<TraceState>builder()
                .add(TraceState.initial(ToyLock.state("idle", "idle", true).asMap()))
                .addAll(t.states().subList(1, t.states().size())).build());
        ReplayResult r = TraceReplayer.replay(new ToyLock(true), plan(lockedAtStart), Optional.empty(),
                TraceReplayer.Options.DEFAULT);
        Divergence d = r.divergence().orElseThrow();
        assertEquals(Divergence.Kind.INITIAL_STATE, d.kind());
        assertEquals(ImmutableList.of("locked: expected TRUE, actual FALSE"), d.details());
        assertTrue(r.steps().isEmpty());
    }

    @Test
    void aDeadlockTraceFailsWhenTheImplementationCanStillMoveAfterIt() {
        ReplayResult r = TraceReplayer.replay(new ToyLock(true),
                ReplayPlan.of(ToyLock.checkThenSetRace(), ViolatedProperty.Kind.DEADLOCK, 1), Optional.empty(),
                TraceReplayer.Options.DEFAULT);
        assertEquals(4, r.reached());
        Divergence d = r.divergence().orElseThrow();
        assertEquals(Divergence.Kind.MOVES_AFTER_END, d.kind());
        // Nobody is blocked at the trace's end: p1's copy performs.
        assertEquals("p1: copy(p1)", d.operation());
        assertEquals(ImmutableList.of("pc[\"p1\"]: expected \"cs\", actual \"copied\""), d.details());
    }
}

package dev.lockstep.refinement.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {
    private static TraceState state(String action, int a, int b) {
        ImmutableMap<String, TlaValue> vars = ImmutableMap.of("pc", TlaFunction.of(ImmutableMap.of(
                TlaString.of("a"), TlaInt.of(a), TlaString.of("b"), TlaInt.of(b))));
        return new TraceState(action, Optional.empty(), vars);
    }

    /** b moves, then a loops 0 -> 1 -> 2 -> 0 through states 2..4 (1-based). */
    private static Trace lasso() {
        return Trace.lasso(ImmutableList.of(state(TraceState.INITIAL, 0, 0), state("B", 0, 1), state("A1", 1, 1),
                state("A2", 2, 1)), 1);
    }

    @Test
    void actorsAreRecoveredFromTheProgramCounter() {
        ReplayPlan p = ReplayPlan.of(Trace.finite(lasso().states()), ViolatedProperty.Kind.INVARIANT, 1);
        assertEquals(ImmutableList.of("b", "a", "a"), p.actors());
        assertEquals(ImmutableList.of("B", "A1", "A2"), p.steps().stream().map(PlannedStep::action).toList());
        assertTrue(p.loopVisits().isEmpty());
        assertFalse(p.drain());
    }

    @Test
    void aLassoIsUnrolledAsThePrefixAndTheLoopRepeated() {
        ReplayPlan p = ReplayPlan.of(lasso(), ViolatedProperty.Kind.TEMPORAL, 2);
        assertEquals(ImmutableList.of(1, 2, 3, 1, 2, 3, 1), p.steps().stream().map(PlannedStep::traceIndex).toList());
        assertEquals(ImmutableList.of("b", "a", "a", "a", "a", "a", "a"), p.actors());
        assertEquals("(back to state 2)", p.steps().get(3).action());
        assertEquals("A1", p.steps().get(4).action());
        // The loop state is reached at positions 1, 4 and 7: once from the prefix, then after each loop.
        assertEquals(ImmutableList.of(1, 4, 7), p.loopVisits());
        assertEquals(p.stateAt(1), p.stateAt(4));
    }

    @Test
    void aDeadlockPlanDrainsAfterItsLastStep() {
        assertTrue(ReplayPlan.of(Trace.finite(lasso().states()), ViolatedProperty.Kind.DEADLOCK, 1).drain());
        assertTrue(ReplayPlan.of(Trace.stuttering(lasso().states()), ViolatedProperty.Kind.TEMPORAL, 1).drain());
    }

    @Test
    void aStepMovingTwoActorsIsRefusedNamingTheState() {
        Trace t = Trace.finite(ImmutableList.of(state(TraceState.INITIAL, 0, 0), state("B", 0, 1),
                state("Both", 1, 2)));
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> ReplayPlan.of(t, ViolatedProperty.Kind.INVARIANT, 1));
        assertEquals("state 3 (Both): cannot tell which actor took the step from state 2: the step reveals no single"
                + " actor", e.getMessage());
    }
}

package dev.lockstep.refinement;

import static dev.lockstep.refinement.Values.bool;
import static dev.lockstep.refinement.Values.fn;
import static dev.lockstep.refinement.Values.mutex;
import static dev.lockstep.refinement.Values.mv;
import static dev.lockstep.refinement.Values.num;
import static dev.lockstep.refinement.Values.rec;
import static dev.lockstep.refinement.Values.set;
import static dev.lockstep.refinement.Values.state;
import static dev.lockstep.refinement.Values.str;
import static dev.lockstep.refinement.Values.tuple;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SpecOracleTest {
    private static SpecOracle oracle;

    private static final SpecState INIT = mutex("idle", "idle", set(), 0, str("nobody"));
    private static final SpecState P1_IN_CS = mutex("cs", "idle", set(mv("p1")), 1, mv("p1"));

    @BeforeAll
    static void load() {
        oracle = Values.mutexOracle();
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    @Test
    void variablesComeInDeclarationOrder() {
        assertEquals(List.of("pc", "lock", "log"), oracle.variables());
    }

    @Test
    void nextIsSplitIntoOneActionPerProcessAndDisjunct() {
        assertEquals(List.of("Acquire(p1)", "Release(p1)", "Acquire(p2)", "Release(p2)"),
                oracle.actions().stream().map(ActionInstance::toString).toList());
    }

    @Test
    void initialStateSatisfiesInit() {
        assertTrue(oracle.isInitial(INIT));
        assertEquals(List.of(INIT), oracle.initialStates());
    }

    @Test
    void stateWithALockHolderDoesNotSatisfyInit() {
        assertFalse(oracle.isInitial(P1_IN_CS));
    }

    @Test
    void acquireStepIsAllowedByExactlyAcquireOfThatProcess() {
        StepVerdict v = oracle.step(INIT, P1_IN_CS);
        assertTrue(v.allowed());
        assertFalse(v.stutter());
        assertEquals(List.of(new ActionInstance("Acquire", ImmutableMap.of("p", mv("p1")))), v.actions());
    }

    @Test
    void acquireWithWrongLogIsNotAStep() {
        StepVerdict v = oracle.step(INIT, mutex("cs", "idle", set(mv("p1")), 1, mv("p2")));
        assertFalse(v.allowed());
        assertTrue(v.actions().isEmpty());
    }

    @Test
    void secondProcessCannotEnterWhileTheFirstHoldsTheLock() {
        assertFalse(oracle.step(P1_IN_CS, mutex("cs", "cs", set(mv("p1"), mv("p2")), 2, mv("p2"))).allowed());
    }

    @Test
    void identicalStatesAreAStutter() {
        StepVerdict v = oracle.step(P1_IN_CS, mutex("cs", "idle", set(mv("p1")), 1, mv("p1")));
        assertTrue(v.stutter());
        assertTrue(v.allowed());
    }

    @Test
    void enabledActionsAreThoseWhoseGuardHolds() {
        assertEquals(List.of("Acquire(p1)", "Acquire(p2)"),
                oracle.enabledActions(INIT).stream().map(ActionInstance::toString).toList());
        assertEquals(List.of("Release(p1)"),
                oracle.enabledActions(P1_IN_CS).stream().map(ActionInstance::toString).toList());
    }

    @Test
    void successorsAreTheStatesEachEnabledActionLeadsTo() {
        ImmutableList<Transition> succ = oracle.successors(INIT);
        assertEquals(2, succ.size());
        assertEquals(P1_IN_CS, succ.get(0).target());
        assertEquals(mutex("idle", "cs", set(mv("p2")), 1, mv("p2")), succ.get(1).target());
        assertEquals("Acquire(p2)", succ.get(1).action().toString());
    }

    @Test
    void undeclaredModelValueIsRejectedNamingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> oracle.step(INIT, mutex("cs", "idle", set(mv("p3")), 1, mv("p1"))));
        assertTrue(e.getMessage().contains("variable lock") && e.getMessage().contains("p3"), e.getMessage());
    }

    @Test
    void stateWithMissingVariableIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> oracle.isInitial(state("pc", fn(), "lock", set())));
        assertTrue(e.getMessage().contains("missing [log], unknown []"), e.getMessage());
    }

    @Test
    void integerOutsideTlcRangeIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> oracle.isInitial(mutex("idle", "idle", set(), 1L << 40, str("nobody"))));
    }

    @Test
    void typeErrorInsideTheSpecIsAnEvaluationError() {
        // pc maps to integers: TLC cannot compare the integer with the string "idle" in Acquire's guard.
        SpecState bad = state("pc", fn(mv("p1"), num(0), mv("p2"), num(0)), "lock", set(),
                "log", rec("n", num(0), "who", str("nobody")));
        SpecEvaluationException e = assertThrows(SpecEvaluationException.class, () -> oracle.enabledActions(bad));
        assertTrue(e.getMessage().contains("Acquire(p1)"), e.getMessage());
    }

    @Test
    void secondOracleInTheSameJvmIsRefusedWhileOneIsOpen() {
        assertThrows(IllegalStateException.class, Values::counterOracle);
    }

    @Test
    void closedOracleRefusesQueries() {
        oracle.close();
        try {
            assertThrows(IllegalStateException.class, () -> oracle.isInitial(INIT));
        } finally {
            oracle = Values.mutexOracle();
        }
    }

    @Test
    void lockHeldByAValueOfAnotherTypeEnablesNoAction() {
        // Booleans and tuples convert too; TLC then simply finds no guard true.
        SpecState odd = state("pc", fn(mv("p1"), str("idle"), mv("p2"), str("idle")), "lock",
                set(tuple(bool(true), num(1))), "log", rec("n", num(0), "who", str("nobody")));
        assertFalse(oracle.isInitial(odd));
        assertTrue(oracle.enabledActions(odd).isEmpty());
    }
}

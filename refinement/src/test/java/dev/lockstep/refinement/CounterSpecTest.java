package dev.lockstep.refinement;

import static dev.lockstep.refinement.Values.bool;
import static dev.lockstep.refinement.Values.fn;
import static dev.lockstep.refinement.Values.mv;
import static dev.lockstep.refinement.Values.num;
import static dev.lockstep.refinement.Values.rec;
import static dev.lockstep.refinement.Values.resource;
import static dev.lockstep.refinement.Values.set;
import static dev.lockstep.refinement.Values.state;
import static dev.lockstep.refinement.Values.str;
import static dev.lockstep.refinement.Values.tuple;
import static dev.lockstep.refinement.Values.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.checker.value.TlaFunction;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Counter spec holds every kind of value; its model is cut by a CONSTRAINT. */
class CounterSpecTest {
    private static SpecOracle oracle;
    private static ReachableGraph graph;

    private static final SpecState INIT = state(
            "count", num(0),
            "seen", set(),
            "owner", fn(mv("w1"), rec("holds", mv("None"), "times", num(0)),
                    mv("w2"), rec("holds", mv("None"), "times", num(0))),
            "history", tuple(),
            "mode", str("open"),
            "flags", fn(num(0), bool(false), num(1), bool(false), num(2), bool(false)));

    private static final SpecState AFTER_BUMP_W2 = state(
            "count", num(1),
            "seen", set(mv("w2")),
            "owner", fn(mv("w1"), rec("holds", mv("None"), "times", num(0)),
                    mv("w2"), rec("holds", num(1), "times", num(1))),
            "history", tuple(tuple(mv("w2"), num(1))),
            "mode", str("open"),
            "flags", fn(num(0), bool(false), num(1), bool(true), num(2), bool(false)));

    @BeforeAll
    static void load() {
        oracle = Values.counterOracle();
        graph = ReachableGraph.explore(oracle, 10_000);
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    @Test
    void handWrittenInitialStateWithRecordsFunctionsAndModelValuesIsInitial() {
        assertTrue(oracle.isInitial(INIT));
        assertEquals(List.of(INIT), oracle.initialStates());
    }

    @Test
    void handWrittenBumpStepIsAllowedByBumpOfThatWorker() {
        assertEquals(List.of("Bump(w2)"),
                oracle.step(INIT, AFTER_BUMP_W2).actions().stream().map(ActionInstance::toString).toList());
    }

    @Test
    void bumpThatForgetsTheFlagIsNotAStep() {
        assertFalse(oracle.step(INIT, with(AFTER_BUMP_W2, "flags", INIT.get("flags"))).allowed());
    }

    @Test
    void reachableGraphMatchesTlcsOwnDistinctStateCountAndDepth() throws Exception {
        TlcReference.Figures tlc = TlcReference.run(resource("counter"), "Counter", resource("counter/bounded.cfg"));
        assertEquals(tlc.distinct(), graph.stateCount());
        assertEquals(tlc.depth(), graph.depth());
    }

    @Test
    void everyGraphEdgeIsAStepOfNextWhenCheckedAsAPredicate() {
        // Successors come from TLC's state generation; step() evaluates the actions as predicates over both states.
        for (ReachableGraph.Edge e : graph.edges()) {
            StepVerdict v = oracle.step(graph.state(e.from()), graph.state(e.to()));
            assertTrue(v.allowed() && !v.stutter(), () -> "edge " + e + " rejected");
        }
    }

    @Test
    void everyGraphStateSatisfiesTheConstraintAndNoneIsDuplicated() {
        assertEquals(graph.stateCount(), graph.states().stream().distinct().count());
        assertTrue(graph.states().stream().allMatch(s -> ((TlaFunction) s.get("history")).size() <= 3));
    }

    @Test
    void allActionsLabelSomeTransition() {
        assertEquals(List.of("Bump", "Close", "Reopen"), graph.actionNames().asList());
    }
}

package dev.lockstep.checker.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scenario layout: columns, wrapping, lockdep block, expression rows, lasso marks, ASCII only. */
class ScenarioRendererTest {
    private static TraceState state(String action, String pc1, String pc2, String a, String b) {
        Map<String, TlaValue> pc = Map.of("p1", TlaString.of(pc1), "p2", TlaString.of(pc2));
        return new TraceState(action, Optional.empty(), ImmutableMap.of(
                "pc", TlaFunction.record(pc),
                "lock", TlaFunction.record(Map.of("A", TlaString.of(a), "B", TlaString.of(b)))));
    }

    /** The classic AB-BA deadlock: p1 takes A, p2 takes B, each then waits for the other's lock. */
    private static final Trace ABBA = Trace.finite(ImmutableList.of(
            TraceState.initial(state("", "idle", "idle", "none", "none").vars()),
            state("LockA", "holdA", "idle", "p1", "none"),
            state("LockB", "holdA", "holdB", "p1", "p2")));

    private static final Narration.Deadlock REPORT = new Narration.Deadlock(ImmutableList.of(
            new Narration.Blocked("p1", "mutex_lock(B)", "B", ImmutableList.of("p2")),
            new Narration.Blocked("p2", "mutex_lock(A)", "A", ImmutableList.of("p1"))),
            ImmutableList.of(ImmutableList.of("p1", "p2")));

    private static Narration withOperations(Optional<Narration.Deadlock> deadlock,
            ImmutableList<Narration.ExpressionRow> exprs) {
        return new Narration("kernel operations from a test", ImmutableMap.of(
                1, ImmutableList.of("mutex_lock(A)"), 2, ImmutableList.of("mutex_lock(B)")),
                ImmutableList.of(), ImmutableList.of(), ImmutableList.of(), deadlock, ImmutableList.of(), exprs);
    }

    @Test
    void abbaDeadlockIsTheLockdepScenario() {
        String text = ScenarioRenderer.render("Toy: deadlock", ABBA, withOperations(Optional.of(REPORT),
                ImmutableList.of()), 80);
        assertEquals("""
                Toy: deadlock
                kernel operations from a test

                State 1 (initial): lock[A] = "none", lock[B] = "none", pc[p1] = "idle", pc[p2] =
                  "idle"

                    CPU0 (p1)                              CPU1 (p2)
                    ----                                   ----
                 2  mutex_lock(A);
                    // LockA
                 3                                         mutex_lock(B);
                                                           // LockB

                 Possible unsafe locking scenario:

                    CPU0 (p1)                              CPU1 (p2)
                    ----                                   ----
                 2  mutex_lock(A);
                 3                                         mutex_lock(B);
                    mutex_lock(B);
                                                           mutex_lock(A);

                 *** DEADLOCK ***

                 p1 waits for B, held by p2
                 p2 waits for A, held by p1
                 wait-for cycle: p1 -> p2 -> p1
                """, text);
    }

    /** A task state per pc: p1..p3 each take one lock in turn; p4 never moves. */
    private static TraceState three(String action, int moved) {
        ImmutableMap.Builder<String, TlaValue> pc = ImmutableMap.builder();
        for (int t = 1; t <= 4; t++) {
            pc.put("p" + t, TlaString.of(t <= moved ? "hold" : "idle"));
        }
        return new TraceState(action, Optional.empty(), ImmutableMap.of("pc", TlaFunction.record(pc.build())));
    }

    @Test
    void aCycleThroughThreeLocksShowsTheChainAndOnlyTheTasksOnTheCycleAsLockdepDoes() {
        Trace trace = Trace.finite(ImmutableList.of(TraceState.initial(three("", 0).vars()), three("LockA", 1),
                three("LockB", 2), three("LockC", 3)));
        Narration.Deadlock report = new Narration.Deadlock(ImmutableList.of(
                new Narration.Blocked("p1", "mutex_lock(B)", "B", ImmutableList.of("p2")),
                new Narration.Blocked("p2", "mutex_lock(C)", "C", ImmutableList.of("p3")),
                new Narration.Blocked("p3", "mutex_lock(A)", "A", ImmutableList.of("p1")),
                new Narration.Blocked("p4", "mutex_lock(A)", "A", ImmutableList.of("p1"))),
                ImmutableList.of(ImmutableList.of("p1", "p2", "p3")));
        Narration n = new Narration("kernel operations from a test", ImmutableMap.of(1,
                ImmutableList.of("mutex_lock(A)"), 2, ImmutableList.of("mutex_lock(B)"), 3,
                ImmutableList.of("mutex_lock(C)")), ImmutableList.of(), ImmutableList.of(), ImmutableList.of(),
                Optional.of(report), ImmutableList.of(), ImmutableList.of());
        String text = ScenarioRenderer.render("Toy: deadlock", trace, n, 80);
        String end = text.substring(text.indexOf("Chain exists of:"));
        assertEquals("""
                Chain exists of:
                  B --> C --> A

                 Possible unsafe locking scenario:

                    CPU0 (p1)                 CPU1 (p2)                 CPU2 (p3)
                    ----                      ----                      ----
                 2  mutex_lock(A);
                 3                            mutex_lock(B);
                 4                                                      mutex_lock(C);
                    mutex_lock(B);
                                              mutex_lock(C);
                                                                        mutex_lock(A);

                 *** DEADLOCK ***

                 p1 waits for B, held by p2
                 p2 waits for C, held by p3
                 p3 waits for A, held by p1
                 p4 waits for A, held by p1
                 wait-for cycle: p1 -> p2 -> p3 -> p1
                """, end);
        assertTrue(text.contains("CPU3 (p4)"), "the bystander keeps its column in the scenario above");
    }

    @Test
    void withoutOperationsCellsShowTheActionAndWhatItChangedButTheOwnProgramCounter() {
        String text = ScenarioRenderer.render("Toy", ABBA, Narration.specOnly("spec actions only"), 80);
        assertTrue(text.contains(" 2  LockA\n      lock[A]: \"none\" -> \"p1\"\n 3"), text);
        assertFalse(text.contains("pc[p1]: \"idle\""), text);
    }

    @Test
    void expressionRowsFollowTheirStateOrStep() {
        Narration n = withOperations(Optional.empty(), ImmutableList.of(
                new Narration.ExpressionRow("lock.A", false, ImmutableMap.of(0, "\"none\"", 1, "\"p1\"", 2, "\"p1\"")),
                new Narration.ExpressionRow("lock' # lock", true, ImmutableMap.of(1, "TRUE", 2, "TRUE"))));
        String text = ScenarioRenderer.render("Toy", ABBA, n, 80);
        assertTrue(text.contains("  \"idle\"\n    >> lock.A = \"none\"\n"), text);
        assertTrue(text.contains("    // LockA\n    >> lock.A = \"p1\"\n    >> lock' # lock = TRUE\n"), text);
    }

    @Test
    void aLassoMarksWhereItsLoopStartsAndWhereItGoesBack() {
        Trace lasso = Trace.lasso(ImmutableList.of(ABBA.states().get(0), ABBA.states().get(1),
                state("LockB", "holdA", "holdB", "p1", "p2"), state("UnlockB", "holdA", "idle", "p1", "none")), 1);
        String text = ScenarioRenderer.render("Toy", lasso, Narration.specOnly("spec"), 80);
        assertTrue(text.contains("    ---- loop: from state 2, states 3..4 and back repeat forever ---"), text);
        assertTrue(text.contains("\n->"), text);
        assertTrue(text.contains("    ---- back to state 2: the loop repeats forever ---"), text);
    }

    @Test
    void everyLineFitsTheWidthAndIsPlainAscii() {
        Narration n = new Narration("caf\u00e9 <script>alert(1)</script> */", ImmutableMap.of(
                1, ImmutableList.of("refcount_dec_and_test(&very_long_structure_name->member_reference_count)"),
                2, ImmutableList.of("x")), ImmutableList.of(), ImmutableList.of(), ImmutableList.of(),
                Optional.empty(), ImmutableList.of(), ImmutableList.of());
        for (int width : List.of(40, 60, 80, 132)) {
            String text = ScenarioRenderer.render("T\u00f6y \u2603", ABBA, n, width);
            for (String line : text.split("\n")) {
                assertTrue(line.length() <= width, width + ": " + line);
                assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), line);
            }
            assertTrue(text.contains("caf\\u00e9"), text);
        }
    }

    @Test
    void wrapPrefersSpacesThenArgumentsThenPathsAndNeverLeavesALoneParenthesis() {
        assertEquals(List.of("down_read(", "  i1.invalidate_lock);"),
                ScenarioRenderer.wrap("down_read(i1.invalidate_lock);", 24, "  "));
        assertEquals(List.of("a b", "  c"), ScenarioRenderer.wrap("a b c", 4, "  "));
        assertEquals(List.of("rcu_read_", "  lock();"), ScenarioRenderer.wrap("rcu_read_lock();", 14, "  "));
        assertEquals(List.of("// AddToBucket", "  RcuDereference"),
                ScenarioRenderer.wrap("// AddToBucketRcuDereference", 16, "  "));
    }
}

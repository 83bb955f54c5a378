package dev.lockstep.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.binding.Repository;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TLC keeps a loaded spec in static fields; the gate loads the specs of several protocols one after another in one JVM.
 * Loading DaxReclaim, then SyncBucket, then DaxReclaim again gives the same reachable graph and the same verdicts of
 * the spec's own invariants (evaluated by TLC on every state) each time.
 */
class SpecReloadTest {
    /** Per invariant, how many reachable states violate it; and the state count. */
    private record Verdicts(int states, List<Integer> violating) {}

    private static Verdicts verdicts(String protocol, String model, List<String> invariants) {
        ProtocolSpec spec = Repository.spec(protocol);
        try (SpecOracle oracle = spec.oracle(model)) {
            ReachableGraph graph = ReachableGraph.explore(oracle, 100_000);
            List<Integer> violating = new ArrayList<>();
            for (String inv : invariants) {
                violating.add((int) graph.states().stream().filter(s -> !oracle.holds(inv, s)).count());
            }
            return new Verdicts(graph.stateCount(), violating);
        }
    }

    @Test
    void specsOfTwoProtocolsLoadOneAfterAnotherWithIdenticalVerdictsAndStateCounts() {
        List<String> dax = List.of("TypeOK", "NoReclaimWhileInUse", "PoolConsistent");
        List<String> syncfs = List.of("TypeOK", "NoBucketUseAfterFree", "InstalledBucketNonZero");
        Verdicts daxFirst = verdicts("dax", "refcount-relaxed", dax);
        Verdicts syncfsBetween = verdicts("syncfs", "plain-inc", syncfs);
        Verdicts daxAgain = verdicts("dax", "refcount-relaxed", dax);
        Verdicts syncfsAgain = verdicts("syncfs", "plain-inc", syncfs);
        assertEquals(daxFirst, daxAgain);
        assertEquals(syncfsBetween, syncfsAgain);
        // The verdicts are the expectations': only the expected violations have violating states.
        assertEquals(0, (int) daxFirst.violating().get(0));
        assertTrue(daxFirst.violating().get(1) > 0, daxFirst::toString);
        assertEquals(0, (int) daxFirst.violating().get(2));
        assertEquals(0, (int) syncfsBetween.violating().get(0));
        assertTrue(syncfsBetween.violating().get(1) > 0, syncfsBetween::toString);
    }

    @Test
    void aPredicateTheSpecDoesNotDefineIsReportedByName() {
        try (SpecOracle oracle = Repository.spec("dax").oracle("refcount-upstream")) {
            SpecState init = oracle.initialStates().get(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> oracle.holds("NoSuchInvariant", init));
            assertEquals("DaxReclaim has no state predicate NoSuchInvariant", e.getMessage());
            assertTrue(oracle.holds("TypeOK", init));
        }
    }
}

package dev.lockstep.refinement.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Every variant of every protocol's Java model refines its spec at every step of every schedule from the binding's
 * starts, ends every run as the variant's expectations promise, and keeps its lock order over all runs (lockdep).
 */
class BindingRefinementTest {
    @TestFactory
    Stream<DynamicTest> everyScheduleFromTheGatesStartsRefinesTheSpec() {
        return eachVariant(false);
    }

    /** Every start of the spec's model: minutes per variant, so only on request. */
    @TestFactory
    @EnabledIfSystemProperty(named = "lockstep.refinement.fullSweep", matches = "true")
    Stream<DynamicTest> everyScheduleFromEveryStartRefinesTheSpec() {
        return eachVariant(true);
    }

    private static Stream<DynamicTest> eachVariant(boolean everyStart) {
        return ProtocolBindings.all().stream().flatMap(b -> b.variants().stream().map(v ->
                DynamicTest.dynamicTest(b.protocol() + "/" + v, () -> {
                    Exploration.Result r = explore(b, v, everyStart);
                    assertRefines(r);
                    assertKeepsItsLockOrder(b, v, r);
                })));
    }

    private static <C> Exploration.Result explore(ProtocolBinding<C> b, String variant, boolean everyStart) {
        List<C> starts = everyStart ? b.everyStart(variant) : b.explorationStarts(variant);
        return Exploration.explore(b, Repository.spec(b.protocol()), variant, starts);
    }

    /** Lockdep over every run: no cycle or lock against the documented order, unless the spec deadlocks. */
    private static void assertKeepsItsLockOrder(ProtocolBinding<?> b, String variant, Exploration.Result r) {
        LockdepVerdict verdict = LockdepVerdict.of(b, Repository.spec(b.protocol()), variant, r.lockdep());
        System.out.print(verdict.summary());
        assertTrue(verdict.passed(), verdict::summary);
    }

    private static void assertRefines(Exploration.Result r) {
        System.out.print(r.render());
        assertEquals(Optional.empty(), r.failure());
        assertTrue(r.exhausted(), r::render);
        // With no CONSTRAINT every state a refining run visits is reachable in the spec.
        assertEquals(0, r.coverage().statesOutside());
        assertEquals(0, r.coverage().transitionsOutside());
        assertTrue(r.passed(), r::render);
    }
}

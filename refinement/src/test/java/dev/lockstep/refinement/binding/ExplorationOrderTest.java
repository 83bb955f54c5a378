package dev.lockstep.refinement.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.collect.ImmutableList;
import dev.lockstep.refinement.ExplorationCoverage;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.StatePair;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The exploration prunes a run at a state some run reached before, from any start: sound only if the binding's exact
 * state holds everything later steps depend on, start-specific parts included. Then the starts explored together reach
 * every spec state and transition that each reaches alone. (tcmu's states once left out the order in which alloc_page
 * tries the page frames, which its two starts vary: whichever start came first cut the other's future short.)
 */
class ExplorationOrderTest {
    /** Enough starts to meet each other, few enough for seconds per protocol. */
    private static final int STARTS = 3;

    @TestFactory
    Stream<DynamicTest> startsExploredTogetherReachWhatEachReachesAlone() {
        return ProtocolBindings.all().stream().flatMap(b -> b.variants().stream()
                .filter(v -> b.explorationStarts(v).size() > 1)
                .limit(1)
                .map(v -> DynamicTest.dynamicTest(b.protocol() + "/" + v, () -> assertSameReach(b, v))));
    }

    private static <C> void assertSameReach(ProtocolBinding<C> b, String variant) {
        List<C> starts = b.explorationStarts(variant);
        List<C> some = ImmutableList.copyOf(starts.subList(0, Math.min(STARTS, starts.size())));
        ProtocolSpec spec = Repository.spec(b.protocol());
        Exploration.Result together = Exploration.explore(b, spec, variant, some);
        Set<SpecState> states = new HashSet<>();
        Set<StatePair> transitions = new HashSet<>();
        for (C start : some) {
            ExplorationCoverage alone = Exploration.explore(b, spec, variant, List.of(start)).explored();
            states.addAll(alone.states());
            transitions.addAll(alone.transitions());
        }
        assertEquals(states, together.explored().states(), together::render);
        assertEquals(transitions, together.explored().transitions(), together::render);
    }
}

package dev.lockstep.refinement.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.refinement.binding.ProtocolBindings;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaxBindingTest {
    private static final DaxBinding BINDING = new DaxBinding();

    @Test
    void theBindingIsFoundByTheServiceLoader() {
        assertEquals(DaxBinding.class, ProtocolBindings.of("dax").getClass());
    }

    @Test
    void everyVariantHasGateStartsOfItsOwnAmongTheFullSweep() {
        for (String variant : BINDING.variants()) {
            List<DaxConfig> gate = BINDING.explorationStarts(variant);
            List<DaxConfig> every = BINDING.everyStart(variant);
            assertTrue(GateStarts.INDICES.containsKey(variant), variant);
            assertTrue(every.containsAll(gate), variant);
            assertTrue(gate.stream().allMatch(c -> c.variant() == DaxVariant.of(variant)), variant);
        }
    }

    @Test
    void theFullSweepHasEveryWindowAccessPairAndBothListOrdersWhereTheyDiffer() {
        // 9 access pairs x 13 windows, of which the 7 with both dmaps on one list (both free, or both busy) twice
        assertEquals(9 * (6 + 7 * 2), BINDING.everyStart("refcount-upstream").size());
    }
}

package dev.lockstep.refinement.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lockstep.refinement.binding.ProtocolBindings;
import org.junit.jupiter.api.Test;

class DaxBindingTest {
    private static final DaxBinding BINDING = new DaxBinding();

    @Test
    void theBindingIsFoundByTheServiceLoader() {
        assertEquals(DaxBinding.class, ProtocolBindings.of("dax").getClass());
    }

    @Test
    void theFullSweepHasEveryWindowAccessPairAndBothListOrdersWhereTheyDiffer() {
        // 9 access pairs x 13 windows, of which the 7 with both dmaps on one list (both free, or both busy) twice
        assertEquals(9 * (6 + 7 * 2), BINDING.everyStart("refcount-upstream").size());
    }
}

package dev.lockstep.refinement.syncfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lockstep.impl.runtime.MemoryModel;
import dev.lockstep.refinement.binding.ProtocolBindings;
import dev.lockstep.refinement.binding.Repository;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncfsBindingTest {
    private static final SyncfsBinding BINDING = new SyncfsBinding();

    @Test
    void theBindingIsFoundByTheServiceLoader() {
        assertEquals(SyncfsBinding.class, ProtocolBindings.of("syncfs").getClass());
    }

    @Test
    void theJavaModelImplementsEveryVariantOfTheSpecAndUpstreamUnderTheLkmmWithTheConstantsOfItsModel() {
        assertEquals(List.of("no-wait", "plain-inc", "union-rcu-waitq", "upstream", "plain-inc-lkmm", "upstream-lkmm"),
                BINDING.variants());
        for (String variant : BINDING.variants()) {
            var constants = Repository.spec("syncfs").constants(variant);
            var start = BINDING.explorationStarts(variant).get(0);
            assertEquals(constants.strings("Writers"), start.writers(), variant);
            assertEquals(constants.strings("Syncers"), start.syncers(), variant);
            assertEquals(constants.string("Variant"), start.variant().specName(), variant);
            assertEquals(constants.strings("Reorderings"), start.reorderings().asList(), variant);
        }
    }

    @Test
    void onlyTheModelWithReorderingsRunsUnderTheWeakerMemoryModel() {
        for (String variant : BINDING.variants()) {
            var start = BINDING.explorationStarts(variant).get(0);
            assertEquals(variant.endsWith("-lkmm") ? MemoryModel.LKMM_SUBSET : MemoryModel.SC,
                    BINDING.memoryModel(start), variant);
        }
    }
}

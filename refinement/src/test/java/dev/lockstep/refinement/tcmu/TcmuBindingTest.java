package dev.lockstep.refinement.tcmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lockstep.checker.value.TlaModelValue;
import dev.lockstep.refinement.binding.ProtocolBindings;
import dev.lockstep.refinement.binding.Repository;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcmuBindingTest {
    private static final TcmuBinding BINDING = new TcmuBinding();

    @Test
    void theBindingIsFoundByTheServiceLoader() {
        assertEquals(TcmuBinding.class, ProtocolBindings.of("tcmu").getClass());
    }

    @Test
    void theJavaModelImplementsEveryVariantOfTheSpecWithTheConstantsOfItsModel() {
        assertEquals(List.of("pre-2022", "upstream", "seed-002-series", "invalidate-lock", "zero-copy-cmdr",
                "zero-copy-cmdr-no-munmap", "zero-copy-invalidate"), BINDING.variants());
        for (String variant : BINDING.variants()) {
            var constants = Repository.spec("tcmu").constants(variant);
            for (var start : BINDING.explorationStarts(variant)) {
                assertEquals(constants.set("Faults").stream().map(v -> ((TlaModelValue) v).name()).sorted().toList(),
                        start.faults(), variant);
                assertEquals(constants.string("Variant"), start.variant().specName(), variant);
            }
        }
    }
}

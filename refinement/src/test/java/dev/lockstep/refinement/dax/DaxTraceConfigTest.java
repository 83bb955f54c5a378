package dev.lockstep.refinement.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.FileRange;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import dev.lockstep.refinement.replay.CounterexampleFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaxTraceConfigTest {
    private static final Trace RELAXED = CounterexampleFiles.read(DaxCounterexampleTest.SPEC.counterexamples()
            .resolve("refcount-relaxed/NoReclaimWhileInUse.itf.json")).trace();

    @Test
    void theConstantsAreTheVariantsCfgReadByTlcsParser() {
        SpecConstants c = DaxCounterexampleTest.SPEC.constants("refcount-relaxed");
        assertEquals("refcount-relaxed", c.string("Variant"));
        assertEquals(List.of("r1", "r2"), c.strings("Readers"));
        assertEquals(List.of("d1", "d2"), c.strings("Dmaps"));
        assertEquals(2, c.range("Ranges"));
        assertEquals(1, c.natural("Accesses"));
        assertEquals(Optional.empty(), ProtocolSpec.notReplayed(c));
    }

    @Test
    void aMutantsCfgNamesItsBrokenFixAndIsNotReplayed() {
        SpecConstants c = DaxCounterexampleTest.SPEC.constants("mutant-no-recheck");
        assertEquals("refcount-upstream", c.string("Variant"));
        assertEquals(List.of("no-recheck"), c.strings("Mutations"));
        assertEquals(Optional.of("spec mutant mutant-no-recheck: no Java counterpart, not replayed"),
                ProtocolSpec.notReplayed(c));
    }

    @Test
    void aConstantOfTheWrongTypeIsReportedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("bad.cfg");
        Files.writeString(cfg, "CONSTANTS\n    Variant = \"inode-trylock\"\n    Accesses = \"one\"\nSPECIFICATION Spec\n");
        SpecConstants c = SpecConstants.read(cfg);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.natural("Accesses"));
        assertEquals(cfg + ":3: Accesses: expected a small natural, found \"one\"", e.getMessage());
    }

    @Test
    void accessesAndWindowComeFromTheTraceAndAnUnstartedTaskGetsItsFirstAccess() {
        DaxConfig config = DaxTraceConfig.of(RELAXED,
                DaxCounterexampleTest.SPEC.constants("refcount-relaxed"));
        FileRange read = new FileRange("i1", 0);
        assertEquals(ImmutableMap.of("r1", List.of(read), "r2", List.of(read)), config.readers());
        assertEquals(ImmutableMap.of("d2", read), config.initialMapping());
    }

    @Test
    void aValueOfTheWrongTypeIsReportedWithItsState() {
        Map<String, TlaValue> vars = new HashMap<>(RELAXED.states().get(1).vars());
        vars.put("taskRange", TlaFunction.of(ImmutableMap.of(TlaString.of("r1"), TlaString.of("0\n; rm -rf /"),
                TlaString.of("r2"), TlaString.of("x"))));
        ImmutableList<TraceState> states = ImmutableList.<TraceState>builder().add(RELAXED.states().get(0))
                .add(new TraceState("FuseDaxReadIter", Optional.empty(), ImmutableMap.copyOf(vars))).build();
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> DaxTraceConfig.of(Trace.finite(states),
                        DaxCounterexampleTest.SPEC.constants("refcount-relaxed")));
        assertEquals("state 2: taskRange[\"r1\"] must be a small natural, found \"0\\n; rm -rf /\"", e.getMessage());
    }
}

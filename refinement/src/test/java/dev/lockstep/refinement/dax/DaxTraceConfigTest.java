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
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.impl.dax.FileRange;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import dev.lockstep.refinement.replay.CounterexampleFormatException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaxTraceConfigTest {
    private static final Trace RELAXED = CounterexampleFiles.read(DaxCounterexampleTest.COUNTEREXAMPLES
            .resolve("refcount-relaxed/NoReclaimWhileInUse.itf.json")).trace();

    @Test
    void theConstantsAreTheVariantsCfg() {
        DaxSpecConstants c = DaxSpecConstants.of(DaxCounterexampleTest.SPEC_DIR, "refcount-relaxed");
        assertEquals(DaxVariant.REFCOUNT_RELAXED, c.variant());
        assertEquals(List.of("r1", "r2"), c.tasks());
        assertEquals(List.of("d1", "d2"), c.dmaps());
        assertEquals(2, c.ranges());
        assertEquals(1, c.accesses());
        assertEquals(List.of(), c.mutations());
        assertEquals(Optional.empty(), c.notReplayed());
    }

    @Test
    void aMutantsCfgNamesItsBrokenFixAndIsNotReplayed() {
        DaxSpecConstants c = DaxSpecConstants.of(DaxCounterexampleTest.SPEC_DIR, "mutant-no-recheck");
        assertEquals(DaxVariant.REFCOUNT_UPSTREAM, c.variant());
        assertEquals(List.of("no-recheck"), c.mutations());
        assertEquals(Optional.of("spec mutant mutant-no-recheck: no Java counterpart, not replayed"), c.notReplayed());
    }

    @Test
    void accessesAndWindowComeFromTheTraceAndAnUnstartedTaskGetsItsFirstAccess() {
        DaxConfig config = DaxTraceConfig.of(RELAXED,
                DaxSpecConstants.of(DaxCounterexampleTest.SPEC_DIR, "refcount-relaxed"));
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
                        DaxSpecConstants.of(DaxCounterexampleTest.SPEC_DIR, "refcount-relaxed")));
        assertEquals("state 2: taskRange[\"r1\"] must be a small natural, found \"0\\n; rm -rf /\"", e.getMessage());
    }
}

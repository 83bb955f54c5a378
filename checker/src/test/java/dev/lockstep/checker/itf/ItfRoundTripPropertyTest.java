package dev.lockstep.checker.itf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.trace.SourceLocation;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.checker.value.TlaValueGen;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class ItfRoundTripPropertyTest {
    private static final long SEED = 20_261_122L;

    private static Gen<TraceState> states() {
        Gen<ImmutableMap<String, TlaValue>> vars = TlaValueGen.values(3).zip(TlaValueGen.values(2),
                (a, b) -> ImmutableMap.of("owner", a, "waiters", b));
        return vars.zip(integers().between(0, 3), (v, n) -> switch (n) {
            case 0 -> TraceState.initial(v);
            case 1 -> new TraceState("FuseIomapEnd", Optional.of(new SourceLocation("DaxReclaim", 12, 3, 15, 20)), v);
            case 2 -> new TraceState("", Optional.empty(), v);
            default -> new TraceState("Take", Optional.empty(), v);
        });
    }

    private static Gen<Trace> traces() {
        return lists().of(states()).ofSizeBetween(1, 5).zip(integers().between(-2, 4), (list, end) -> {
            ImmutableList<TraceState> states = ImmutableList.copyOf(list);
            if (end == -2) {
                return Trace.stuttering(states);
            }
            return end == -1 || end >= states.size() ? Trace.finite(states) : Trace.lasso(states, end);
        });
    }

    @Test
    void readingWrittenItfGivesAnEqualTrace() {
        qt().withFixedSeed(SEED).withExamples(1000).forAll(traces()).checkAssert(trace -> {
            String json = ItfWriter.write(trace, ImmutableMap.of("source", "Gen.tla"));
            Trace read = ItfReader.read(json);
            assertEquals(trace, read);
            assertEquals(json, ItfWriter.write(read, ImmutableMap.of("source", "Gen.tla")));
        });
    }
}

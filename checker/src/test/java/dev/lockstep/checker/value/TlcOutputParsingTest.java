package dev.lockstep.checker.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tlc2.output.EC;

/** Parses states out of real TLC output captured under {@code src/test/resources/tlc-output}. */
class TlcOutputParsingTest {
    private static final Pattern MESSAGE =
            Pattern.compile("@!@!@STARTMSG (\\d+):\\d @!@!@\n(.*?)@!@!@ENDMSG \\1 @!@!@", Pattern.DOTALL);

    /**
     * The state text of every trace-state message ({@code TLC_STATE_PRINT2}): the lines after the {@code N: <Action>}
     * header.
     */
    private static List<String> traceStates(String resource) throws IOException {
        List<String> states = new ArrayList<>();
        for (String[] m : messages(resource)) {
            if (Integer.parseInt(m[0]) == EC.TLC_STATE_PRINT2) {
                states.add(m[1].substring(m[1].indexOf('\n') + 1));
            }
        }
        return states;
    }

    private static List<String[]> messages(String resource) throws IOException {
        String text;
        try (InputStream in = TlcOutputParsingTest.class.getResourceAsStream("/tlc-output/" + resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String[]> out = new ArrayList<>();
        Matcher m = MESSAGE.matcher(text);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    private static TlaValue v(String tla) {
        return TlaValueParser.parseValue(tla);
    }

    private static TlaValue i(long n) {
        return TlaInt.of(n);
    }

    @Test
    void everyStateOfTheValuesSampleParsesWithAllItsVariables() throws IOException {
        List<String> states = traceStates("Values.out");
        assertEquals(3, states.size());
        for (String state : states) {
            assertEquals(List.of("big", "empties", "fns", "ivs", "keyrec", "mvs", "negs", "nested", "ops", "recs",
                    "step", "strs", "wide", "wrapped"), List.copyOf(TlaValueParser.parseState(state).keySet()));
        }
        assertEquals(i(2), TlaValueParser.parseState(states.get(2)).get("step"));
    }

    @Test
    void valuesSampleYieldsTheValuesTheSpecDefines() throws IOException {
        ImmutableSortedMap<String, TlaValue> s = TlaValueParser.parseState(traceStates("Values.out").get(0));
        assertEquals(TlaFunction.tuple(i(2147483647), TlaInt.of(BigInteger.valueOf(-2147483648L)), i(0)),
                s.get("big"));
        assertEquals(TlaFunction.tuple(TlaFunction.tuple(i(1), v("{2, 3}")),
                TlaFunction.tuple(TlaFunction.empty(), TlaFunction.tuple(TlaFunction.empty())),
                TlaSet.of(TlaSet.of(), TlaSet.of(TlaSet.of()))), s.get("nested"));
        assertEquals(TlaFunction.tuple(TlaString.of("plain"), TlaString.of("q\"uote"), TlaString.of("back\\slash"),
                TlaString.of("tab\tnl\ncr\rff\f"), TlaString.of(""), TlaString.of("{<<[|->]>>} :> @@ /\\ x = 1")),
                s.get("strs"));
        TlaFunction keyrec = (TlaFunction) s.get("keyrec");
        for (String k : List.of("TRUE", "FALSE", "CHOOSE", "IF", "a", "x1", "1a", "_b")) {
            assertEquals(TlaString.of(k), keyrec.apply(TlaString.of(k)));
        }
        assertEquals(8, keyrec.size());
        assertEquals(TlaFunction.tuple(TlaFunction.empty(), TlaFunction.empty(), TlaSet.of(),
                TlaFunction.tuple(TlaSet.of()), TlaFunction.empty()), s.get("empties"));
        assertEquals(TlaSet.of(i(-1), i(-20), i(-300)), s.get("negs"));
        assertEquals(TlaSet.of(TlaModelValue.of("p1"), TlaModelValue.of("p2"), TlaModelValue.of("p3")),
                s.get("mvs"));
        assertEquals(TlaFunction.tuple(v("{1, 2, 3}"), v("{-3, -2, -1}"), TlaSet.of(), TlaSet.of(i(0))),
                s.get("ivs"));
        assertEquals(TlaSet.of(TlaFunction.record(Map.of("a", i(1), "b", TlaString.of("x"))),
                TlaFunction.record(Map.of("a", i(2), "b", TlaString.of("y"))),
                TlaFunction.record(Map.of("a", i(-3), "b", TlaString.of("")))), s.get("recs"));
    }

    @Test
    void functionsWithNonStringKeysFromTheSampleKeepTheirDomains() throws IOException {
        TlaFunction fns = (TlaFunction) TlaValueParser.parseState(traceStates("Values.out").get(0)).get("fns");
        assertEquals(TlaFunction.of(Map.of(i(1), i(-1), i(3), i(-3))), fns.apply(i(1)));
        assertEquals(TlaFunction.of(Map.of(TlaModelValue.of("p1"), TlaModelValue.of("p1"),
                TlaModelValue.of("p2"), TlaModelValue.of("p2"))), fns.apply(i(3)));
        assertEquals(TlaFunction.of(Map.of(TlaBool.FALSE, TlaBool.TRUE, TlaBool.TRUE, TlaBool.FALSE)),
                fns.apply(i(8)));
        assertEquals(TlaFunction.of(Map.of(TlaString.of(""), i(0), TlaString.of("a b"), i(0),
                TlaString.of("ok"), i(0))), fns.apply(i(7)));
    }

    @Test
    void wrappedValuesFromTheSampleAreComplete() throws IOException {
        ImmutableSortedMap<String, TlaValue> s = TlaValueParser.parseState(traceStates("Values.out").get(0));
        TlaFunction wrapped = (TlaFunction) s.get("wrapped");
        assertEquals(16, ((TlaSet) wrapped.apply(i(1))).size());
        assertEquals(6, ((TlaSet) wrapped.apply(i(3))).size());
        TlaFunction wide = (TlaFunction) s.get("wide");
        assertEquals(12, wide.size());
        assertEquals(v("[id |-> 12, holders |-> {p1, p2}, name |-> \"cpu\", seq |-> <<12, 13, {12}>>]"),
                wide.apply(i(12)));
    }

    @Test
    void reprintedSampleStatesParseBackEqual() throws IOException {
        for (String state : traceStates("Values.out")) {
            for (TlaValue value : TlaValueParser.parseState(state).values()) {
                assertEquals(value, TlaValueParser.parseValue(value.toString()));
            }
        }
    }

    @Test
    void oneVariableSpecStatesParse() throws IOException {
        List<String> states = traceStates("One.out");
        assertEquals(4, states.size());
        for (int n = 0; n < states.size(); n++) {
            assertEquals(Map.of("x", i(n)), TlaValueParser.parseState(states.get(n)));
        }
    }

    @Test
    void stateInsideTheInitialStateViolationMessageParses() throws IOException {
        String body = messages("InitBad.out").stream()
                .filter(m -> Integer.parseInt(m[0]) == EC.TLC_INVARIANT_VIOLATED_INITIAL).findFirst().orElseThrow()[1];
        assertTrue(body.startsWith("Invariant Inv is violated by the initial state:\n"));
        ImmutableSortedMap<String, TlaValue> s = TlaValueParser.parseState(body.substring(body.indexOf('\n') + 1));
        assertEquals(i(-1), s.get("count"));
        assertEquals(v("(cpu0 :> \"none\" @@ cpu1 :> \"none\")"), s.get("owner"));
        assertEquals(TlaFunction.tuple(TlaFunction.record(Map.of("cpu", TlaModelValue.of("cpu0"),
                "msg", TlaString.of("fuse_iomap_end: \"bad\"\n")))), s.get("log"));
    }
}

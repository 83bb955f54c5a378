package dev.lockstep.checker.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Strings;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlaValueParserTest {
    private static TlaValue i(long v) {
        return TlaInt.of(v);
    }

    private static TlaValue s(String v) {
        return TlaString.of(v);
    }

    @Test
    void parsesScalars() {
        assertEquals(i(-42), TlaValueParser.parseValue("-42"));
        assertEquals(TlaBool.TRUE, TlaValueParser.parseValue("TRUE"));
        assertEquals(TlaBool.FALSE, TlaValueParser.parseValue(" FALSE "));
        assertEquals(TlaModelValue.of("cpu0"), TlaValueParser.parseValue("cpu0"));
        assertEquals(s("plain"), TlaValueParser.parseValue("\"plain\""));
    }

    @Test
    void parsesIntegersBeyondSixtyFourBits() {
        String huge = "-" + Strings.repeat("9", 60);
        assertEquals(TlaInt.of(new BigInteger(huge)), TlaValueParser.parseValue(huge));
    }

    @Test
    void refusesIntegersTooLongToConvertQuickly() {
        TlaValueSyntaxException e = assertThrows(TlaValueSyntaxException.class,
                () -> TlaValueParser.parseValue("<<1, " + Strings.repeat("3", 100_000) + ">>"));
        assertEquals(6, e.column());
    }

    @Test
    void resolvesEveryStringEscapeTlcPrints() {
        assertEquals(s("q\"b\\t\tn\nr\rf\f"), TlaValueParser.parseValue("\"q\\\"b\\\\t\\tn\\nr\\rf\\f\""));
    }

    @Test
    void parsesIntervalsIncludingNegativeAndEmptyOnes() {
        assertEquals(TlaSet.of(i(1), i(2), i(3)), TlaValueParser.parseValue("1..3"));
        assertEquals(TlaSet.of(i(-3), i(-2), i(-1)), TlaValueParser.parseValue("-3..-1"));
        assertEquals(TlaSet.of(), TlaValueParser.parseValue("5..4"));
    }

    @Test
    void parsesEmptyFunctionWithOrWithoutSpaceAndNestedClosers() {
        assertEquals(TlaFunction.empty(), TlaValueParser.parseValue("<< >>"));
        assertEquals(TlaFunction.empty(), TlaValueParser.parseValue("<<>>"));
        TlaFunction inner = TlaFunction.tuple(TlaFunction.empty());
        assertEquals(TlaFunction.tuple(TlaFunction.empty(), inner), TlaValueParser.parseValue("<<<<>>, <<<<>>>>>>"));
        assertEquals(TlaFunction.tuple(TlaFunction.tuple(i(1))), TlaValueParser.parseValue("<<<<1>>>>"));
    }

    @Test
    void parsesFunctionsWithNonStringKeys() {
        TlaValue f = TlaValueParser.parseValue("({1} :> {1} @@ {2} :> {2})");
        assertEquals(TlaFunction.of(Map.of(TlaSet.of(i(1)), TlaSet.of(i(1)), TlaSet.of(i(2)), TlaSet.of(i(2)))), f);
        assertEquals(TlaFunction.tuple(s("only")), TlaValueParser.parseValue("(1 :> \"only\")"));
    }

    @Test
    void parsesRecordsWhoseKeysAreKeywordsOrStartWithDigits() {
        assertEquals(TlaFunction.record(Map.of("TRUE", i(1), "FALSE", i(2), "CHOOSE", i(3), "1a", i(4), "_b", i(5))),
                TlaValueParser.parseValue("[TRUE |-> 1, FALSE |-> 2, CHOOSE |-> 3, 1a |-> 4, _b |-> 5]"));
    }

    @Test
    void recordAndStringKeyedFunctionSyntaxGiveEqualValues() {
        assertEquals(TlaValueParser.parseValue("[a |-> 1]"), TlaValueParser.parseValue("(\"a\" :> 1)"));
    }

    @Test
    void ignoresTheLineBreaksAndIndentationOfWrappedOutput() {
        String wrapped = "<< [ id |-> 12,\n     holders |-> {p1, p2},\n\n     seq |-> <<12, 13, {12}>> ] >>";
        assertEquals(TlaValueParser.parseValue("<<[id |-> 12, holders |-> {p1, p2}, seq |-> <<12, 13, {12}>>]>>"),
                TlaValueParser.parseValue(wrapped));
    }

    @Test
    void parsesAConjunctionStateOverSeveralLinesSortedByName() {
        var state = TlaValueParser.parseState("/\\ y = {1,\n   2}\n/\\ x = <<>>\n");
        assertEquals(List.of("x", "y"), List.copyOf(state.keySet()));
        assertEquals(TlaSet.of(i(1), i(2)), state.get("y"));
    }

    @Test
    void parsesTheOneVariableStateWithoutConjunction() {
        assertEquals(Map.of("x", i(0)), TlaValueParser.parseState("x = 0\n"));
    }

    @Test
    void reportsSyntaxErrorsWithLineAndColumn() {
        TlaValueSyntaxException e = assertThrows(TlaValueSyntaxException.class,
                () -> TlaValueParser.parseState("/\\ x = 1\n/\\ y = {1,, 2}"));
        assertEquals(2, e.line());
        assertEquals(11, e.column());
        assertTrue(e.getMessage().startsWith("2:11: "), e.getMessage());
    }

    @Test
    void rejectsUnterminatedStringsAndUnknownEscapes() {
        assertEquals(1, assertThrows(TlaValueSyntaxException.class,
                () -> TlaValueParser.parseValue("<<\"abc>>")).line());
        assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parseValue("\"a\\qb\""));
    }

    @Test
    void rejectsTrailingInputAndEmptyInput() {
        assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parseValue("1 2"));
        assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parseValue(""));
        assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parseState("/\\ x = 1 y = 2"));
    }

    @Test
    void rejectsAVariableAssignedTwice() {
        TlaValueSyntaxException e = assertThrows(TlaValueSyntaxException.class,
                () -> TlaValueParser.parseState("/\\ x = 1\n/\\ x = 2"));
        assertEquals("2:4: variable x is assigned twice", e.getMessage());
    }

    @Test
    void rejectsAFunctionMappingAKeyTwice() {
        assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parseValue("(1 :> 2 @@ 1 :> 3)"));
        assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parseValue("[a |-> 1, a |-> 2]"));
    }

    @Test
    void refusesNestingBeyondTheLimitInsteadOfOverflowingTheStack() {
        int depth = 100_000;
        String deep = Strings.repeat("{", depth) + Strings.repeat("}", depth);
        TlaValueSyntaxException e =
                assertThrows(TlaValueSyntaxException.class, () -> TlaValueParser.parseValue(deep));
        assertEquals(TlaValueParser.MAX_DEPTH + 1, e.column());
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        int depth = TlaValueParser.MAX_DEPTH;
        TlaValue v = TlaValueParser.parseValue(Strings.repeat("<<", depth) + Strings.repeat(">>", depth));
        assertEquals(v, TlaValueParser.parseValue(v.toString()));
    }

    @Test
    void refusesAnIntervalTooLargeToEnumerate() {
        TlaValueSyntaxException e = assertThrows(TlaValueSyntaxException.class,
                () -> TlaValueParser.parseValue("{0..2000000000}"));
        assertEquals(2, e.column());
    }
}

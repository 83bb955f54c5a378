package dev.lockstep.checker.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlaValueTest {
    private static TlaValue i(long v) {
        return TlaInt.of(v);
    }

    @Test
    void recordEqualsTheFunctionOnItsFieldNames() {
        TlaFunction record = TlaFunction.record(Map.of("a", i(1), "b", i(2)));
        TlaFunction function = TlaFunction.of(Map.of(TlaString.of("b"), i(2), TlaString.of("a"), i(1)));
        assertEquals(function, record);
        assertEquals(function.hashCode(), record.hashCode());
        assertEquals(0, record.compareTo(function));
    }

    @Test
    void tupleEqualsTheFunctionOnOneToN() {
        assertEquals(TlaFunction.of(Map.of(i(1), TlaString.of("x"), i(2), TlaBool.TRUE)),
                TlaFunction.tuple(TlaString.of("x"), TlaBool.TRUE));
    }

    @Test
    void emptyTupleEmptyRecordAndEmptyFunctionAreOneValue() {
        assertEquals(TlaFunction.empty(), TlaFunction.tuple(List.of()));
        assertEquals(TlaFunction.empty(), TlaFunction.record(Map.of()));
        assertEquals(TlaFunction.empty(), TlaFunction.of(Map.of()));
        assertEquals("<< >>", TlaFunction.empty().toString());
    }

    @Test
    void intervalEqualsTheEnumeratedSet() {
        assertEquals(TlaSet.of(i(-1), i(0), i(1)), TlaSet.interval(BigInteger.valueOf(-1), BigInteger.ONE));
        assertEquals(TlaSet.of(), TlaSet.interval(BigInteger.valueOf(5), BigInteger.valueOf(4)));
    }

    @Test
    void intervalTooLargeToEnumerateIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> TlaSet.interval(BigInteger.ONE, BigInteger.valueOf(TlaSet.MAX_INTERVAL_SIZE + 1L)));
    }

    @Test
    void setsIgnoreOrderAndDuplicates() {
        assertEquals(TlaSet.of(i(2), i(1), i(2)), TlaSet.of(i(1), i(2)));
        assertEquals("{1, 2}", TlaSet.of(i(2), i(1)).toString());
    }

    @Test
    void modelValueDiffersFromTheStringOfItsName() {
        assertNotEquals(TlaString.of("p1"), TlaModelValue.of("p1"));
        assertEquals("p1", TlaModelValue.of("p1").toString());
    }

    @Test
    void modelValueNameMustBeAnIdentifier() {
        assertThrows(IllegalArgumentException.class, () -> TlaModelValue.of("a b"));
        assertThrows(IllegalArgumentException.class, () -> TlaModelValue.of("42"));
        assertThrows(IllegalArgumentException.class, () -> TlaModelValue.of("TRUE"));
    }

    @Test
    void functionsPrintAsTuplesRecordsOrMappingsLikeTlc() {
        assertEquals("<<1, \"a\">>", TlaFunction.tuple(i(1), TlaString.of("a")).toString());
        assertEquals("[TRUE |-> 1, a |-> 2]",
                TlaFunction.record(Map.of("a", i(2), "TRUE", i(1))).toString());
        assertEquals("(\"a b\" :> 1)", TlaFunction.record(Map.of("a b", i(1))).toString());
        assertEquals("(2 :> TRUE @@ 5 :> FALSE)",
                TlaFunction.of(Map.of(i(5), TlaBool.FALSE, i(2), TlaBool.TRUE)).toString());
    }

    @Test
    void stringsPrintWithTlcEscapes() {
        assertEquals("\"q\\\"b\\\\t\\tn\\nr\\rf\\f\"", TlaString.of("q\"b\\t\tn\nr\rf\f").toString());
    }

    @Test
    void orderPutsKindsInAFixedSequence() {
        List<TlaValue> sorted = List.of(TlaFunction.tuple(i(1)), TlaSet.of(), TlaModelValue.of("m"),
                TlaString.of("s"), i(-7), TlaBool.FALSE).stream().sorted().toList();
        assertEquals(List.of(TlaBool.FALSE, i(-7), TlaString.of("s"), TlaModelValue.of("m"), TlaSet.of(),
                TlaFunction.tuple(i(1))), sorted);
    }

    @Test
    void applyReadsTheImageAndRejectsArgumentsOutsideTheDomain() {
        TlaFunction f = TlaFunction.record(Map.of("owner", TlaModelValue.of("cpu0")));
        assertEquals(TlaModelValue.of("cpu0"), f.apply(TlaString.of("owner")));
        assertEquals(TlaSet.of(TlaString.of("owner")), f.domain());
        assertThrows(IllegalArgumentException.class, () -> f.apply(TlaString.of("waiter")));
    }

    @Test
    void tupleDetectionNeedsTheWholeRangeFromOne() {
        assertTrue(TlaFunction.of(Map.of(i(2), i(0), i(1), i(0))).isTuple());
        assertFalse(TlaFunction.of(Map.of(i(0), i(0), i(1), i(0))).isTuple());
        assertFalse(TlaFunction.of(Map.of(i(1), i(0), i(3), i(0))).isTuple());
    }
}

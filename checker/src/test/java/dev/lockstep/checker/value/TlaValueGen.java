package dev.lockstep.checker.value;

import static org.quicktheories.generators.SourceDSL.bigIntegers;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators for values of every kind, nested; shared by the value and ITF property tests. */
public final class TlaValueGen {
    private TlaValueGen() {}

    // Names that stress printing: keywords, digit-first identifiers, non-identifiers, ITF tags.
    private static final List<String> KEYS =
            List.of("a", "b", "TRUE", "FALSE", "CHOOSE", "x1", "1a", "_b", "", "a b", "#set", "#meta", "\"q\"");
    private static final List<String> MODEL_VALUES = List.of("p1", "p2", "cpu0", "cpu1", "TRUEX", "1a", "_m");

    /** Values nested up to {@code depth} levels below the top. */
    public static Gen<TlaValue> values(int depth) {
        Gen<TlaValue> scalars = scalars();
        if (depth == 0) {
            return scalars;
        }
        Gen<TlaValue> inner = values(depth - 1);
        Gen<List<TlaValue>> lists = lists().of(inner).ofSizeBetween(0, 4);
        Gen<TlaValue> sets = lists.map((List<TlaValue> l) -> TlaSet.of(l));
        Gen<TlaValue> tuples = lists.map((List<TlaValue> l) -> TlaFunction.tuple(l));
        Gen<TlaValue> records = lists().of(Generate.pick(KEYS)).ofSizeBetween(1, 3).zip(lists, TlaValueGen::record);
        Gen<TlaValue> functions = lists().of(inner).ofSizeBetween(1, 4).zip(lists, TlaValueGen::function);
        Gen<TlaValue> intervals = integers().between(-3, 4).zip(integers().between(-3, 4),
                (lo, hi) -> TlaSet.interval(BigInteger.valueOf(lo), BigInteger.valueOf(hi)));
        return Generate.oneOf(scalars, sets, tuples, records, functions, intervals);
    }

    public static Gen<TlaValue> scalars() {
        Gen<TlaValue> bools = booleans().all().map(TlaBool::of);
        Gen<TlaValue> smallInts = integers().between(-5, 5).map(i -> TlaInt.of(i));
        Gen<TlaValue> hugeInts = bigIntegers().ofBytes(12).map(TlaInt::of);
        Gen<TlaValue> strings = Generate.oneOf(
                strings().betweenCodePoints(0, 0x7f).ofLengthBetween(0, 6),
                strings().betweenCodePoints(0x80, 0xd7ff).ofLengthBetween(0, 3),
                Generate.pick(KEYS)).map(TlaString::of);
        Gen<TlaValue> modelValues = Generate.pick(MODEL_VALUES).map(TlaModelValue::of);
        return Generate.oneOf(bools, smallInts, hugeInts, strings, modelValues);
    }

    private static TlaValue record(List<String> keys, List<TlaValue> values) {
        Map<String, TlaValue> fields = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            fields.put(keys.get(i), values.isEmpty() ? TlaBool.TRUE : values.get(i % values.size()));
        }
        return TlaFunction.record(fields);
    }

    // Later duplicates of a key are dropped: a function maps each key once.
    private static TlaValue function(List<TlaValue> keys, List<TlaValue> values) {
        Map<TlaValue, TlaValue> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            map.putIfAbsent(keys.get(i), values.isEmpty() ? TlaInt.of(i) : values.get(i % values.size()));
        }
        return TlaFunction.of(map);
    }
}

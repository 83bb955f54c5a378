package dev.lockstep.checker.value;

import com.google.common.collect.ImmutableSortedMap;
import java.util.List;
import java.util.Map;

/**
 * A function with a finite domain. Tuples, sequences and records are functions too: a tuple is a function on
 * {@code 1..n}, a record a function on strings, and {@code << >>} is at once the empty function, tuple and record.
 */
public final class TlaFunction implements TlaValue {
    private static final TlaFunction EMPTY = new TlaFunction(ImmutableSortedMap.of());

    private final ImmutableSortedMap<TlaValue, TlaValue> map;
    /** Spec states are hashed and compared on every explored step: computed once (0 until then). */
    private int hash;

    private TlaFunction(ImmutableSortedMap<TlaValue, TlaValue> map) {
        this.map = map;
    }

    /** @throws IllegalArgumentException if two keys are equal under TLA+ equality */
    public static TlaFunction of(Map<? extends TlaValue, ? extends TlaValue> map) {
        return map.isEmpty() ? EMPTY : new TlaFunction(ImmutableSortedMap.copyOf(map));
    }

    public static TlaFunction empty() {
        return EMPTY;
    }

    /** {@code <<e1, ..., en>>}: the function mapping {@code i} to {@code elements.get(i - 1)}. */
    public static TlaFunction tuple(List<? extends TlaValue> elements) {
        ImmutableSortedMap.Builder<TlaValue, TlaValue> b = ImmutableSortedMap.naturalOrder();
        for (int i = 0; i < elements.size(); i++) {
            b.put(TlaInt.of(i + 1), elements.get(i));
        }
        return elements.isEmpty() ? EMPTY : new TlaFunction(b.buildOrThrow());
    }

    public static TlaFunction tuple(TlaValue... elements) {
        return tuple(List.of(elements));
    }

    /** {@code [k1 |-> v1, ...]}: the function on the strings {@code "k1", ...}. */
    public static TlaFunction record(Map<String, ? extends TlaValue> fields) {
        ImmutableSortedMap.Builder<TlaValue, TlaValue> b = ImmutableSortedMap.naturalOrder();
        fields.forEach((k, v) -> b.put(TlaString.of(k), v));
        return fields.isEmpty() ? EMPTY : new TlaFunction(b.buildOrThrow());
    }

    /** The function as a map, keys in the {@link TlaValue} order. */
    public ImmutableSortedMap<TlaValue, TlaValue> asMap() {
        return map;
    }

    /** {@code DOMAIN f}. */
    public TlaSet domain() {
        return TlaSet.of(map.keySet());
    }

    public int size() {
        return map.size();
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    /** {@code f[arg]}. @throws IllegalArgumentException if {@code arg} is not in the domain */
    public TlaValue apply(TlaValue arg) {
        TlaValue image = map.get(arg);
        if (image == null) {
            throw new IllegalArgumentException("not in the domain of the function: " + arg);
        }
        return image;
    }

    /** True when the domain is {@code 1..n} for some {@code n >= 1}: TLC prints it as {@code <<...>>}. */
    public boolean isTuple() {
        if (map.isEmpty()) {
            return false;
        }
        // Integers sort numerically and before strings, sets and functions, so 1..n are the first n keys in order.
        long expected = 1;
        for (TlaValue key : map.keySet()) {
            if (!(key instanceof TlaInt i) || i.value().bitLength() > 62 || i.value().longValue() != expected) {
                return false;
            }
            expected++;
        }
        return true;
    }

    /** True when every key is a string that is a TLA+ identifier: TLC prints it as {@code [k |-> v, ...]}. */
    public boolean isRecord() {
        if (map.isEmpty()) {
            return false;
        }
        for (TlaValue key : map.keySet()) {
            if (!(key instanceof TlaString s) || !ValuePrinter.isIdentifier(s.value())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof TlaFunction other) || map.size() != other.map.size() || hashCode() != other.hashCode()) {
            return false;
        }
        // Both maps are sorted by the same total order, so equal functions list equal entries in the same order
        // (the map's own equals looks every entry up by binary search). Keys and values are compared as the map's
        // own lists: its entry list would make an entry object per element.
        List<TlaValue> myKeys = map.keySet().asList();
        List<TlaValue> theirKeys = other.map.keySet().asList();
        List<TlaValue> myValues = map.values().asList();
        List<TlaValue> theirValues = other.map.values().asList();
        for (int i = 0; i < myKeys.size(); i++) {
            if (!myValues.get(i).equals(theirValues.get(i)) || !myKeys.get(i).equals(theirKeys.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            for (Map.Entry<TlaValue, TlaValue> e : map.entrySet()) {
                h += HashMix.entry(e.getKey().hashCode(), e.getValue().hashCode());
            }
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return ValuePrinter.print(this);
    }
}

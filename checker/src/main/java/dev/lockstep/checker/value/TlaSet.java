package dev.lockstep.checker.value;

import com.google.common.collect.ImmutableSortedSet;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;

/** A finite set, its elements kept in the {@link TlaValue} order. */
public final class TlaSet implements TlaValue {
    /** Largest interval {@link #interval} enumerates; bigger ones are refused rather than exhausting memory. */
    public static final int MAX_INTERVAL_SIZE = 1_000_000;

    private static final TlaSet EMPTY = new TlaSet(ImmutableSortedSet.of());

    private final ImmutableSortedSet<TlaValue> elements;
    /** Computed once (0 until then), as for {@link TlaFunction}. */
    private int hash;

    private TlaSet(ImmutableSortedSet<TlaValue> elements) {
        this.elements = elements;
    }

    public static TlaSet of(Collection<? extends TlaValue> elements) {
        return elements.isEmpty() ? EMPTY : new TlaSet(ImmutableSortedSet.copyOf(elements));
    }

    public static TlaSet of(TlaValue... elements) {
        return elements.length == 0 ? EMPTY : new TlaSet(ImmutableSortedSet.copyOf(elements));
    }

    /** {@code lo..hi}: equal to the enumerated set of integers, empty when {@code hi < lo}. */
    public static TlaSet interval(BigInteger lo, BigInteger hi) {
        if (hi.compareTo(lo) < 0) {
            return EMPTY;
        }
        BigInteger size = hi.subtract(lo).add(BigInteger.ONE);
        if (size.compareTo(BigInteger.valueOf(MAX_INTERVAL_SIZE)) > 0) {
            throw new IllegalArgumentException(
                    "interval " + lo + ".." + hi + " has more than " + MAX_INTERVAL_SIZE + " elements");
        }
        ImmutableSortedSet.Builder<TlaValue> b = ImmutableSortedSet.naturalOrder();
        for (BigInteger i = lo; i.compareTo(hi) <= 0; i = i.add(BigInteger.ONE)) {
            b.add(TlaInt.of(i));
        }
        return new TlaSet(b.build());
    }

    public ImmutableSortedSet<TlaValue> elements() {
        return elements;
    }

    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    public boolean contains(TlaValue value) {
        return elements.contains(value);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof TlaSet other) || elements.size() != other.elements.size()
                || hashCode() != other.hashCode()) {
            return false;
        }
        // Same total order on both sides: equal sets list equal elements in the same order.
        List<TlaValue> mine = elements.asList();
        List<TlaValue> theirs = other.elements.asList();
        for (int i = 0; i < mine.size(); i++) {
            if (!mine.get(i).equals(theirs.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            for (TlaValue e : elements) {
                h += HashMix.mix(e.hashCode());
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

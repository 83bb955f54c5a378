package dev.lockstep.checker.value;

/**
 * An immutable TLC value with TLA+ equality.
 *
 * <p>Records and tuples are functions ({@link TlaFunction}), so {@code [a |-> 1]} equals {@code ("a" :> 1)} and
 * {@code <<x, y>>} equals {@code (1 :> x @@ 2 :> y)}; an interval equals the enumerated set. The natural order is
 * total and deterministic: first by kind (Boolean, integer, string, model value, set, function), then within the
 * kind. It exists so that sets and function domains print in a stable order; it is not TLA+'s {@code <}.
 *
 * <p>{@link #toString()} prints TLA+ syntax in TLC's style that {@link TlaValueParser#parseValue} reads back to an
 * equal value.
 */
public sealed interface TlaValue extends Comparable<TlaValue>
        permits TlaBool, TlaInt, TlaString, TlaModelValue, TlaSet, TlaFunction {

    @Override
    default int compareTo(TlaValue other) {
        return ValueOrder.compare(this, other);
    }
}

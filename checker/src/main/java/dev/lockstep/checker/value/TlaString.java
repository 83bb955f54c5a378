package dev.lockstep.checker.value;

import java.util.Objects;

/** A TLA+ string; {@link #toString()} quotes and escapes it the way TLC does. */
public record TlaString(String value) implements TlaValue {
    public TlaString {
        Objects.requireNonNull(value, "value");
    }

    public static TlaString of(String value) {
        return new TlaString(value);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(value.length() + 2);
        ValuePrinter.appendQuoted(value, out);
        return out.toString();
    }
}

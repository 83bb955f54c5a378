package dev.lockstep.checker.value;

import java.util.Objects;

/** A TLC model value, printed as its bare name (e.g. {@code cpu0}); equal only to a model value of that name. */
public record TlaModelValue(String name) implements TlaValue {
    public TlaModelValue {
        Objects.requireNonNull(name, "name");
        if (!ValuePrinter.isIdentifier(name) || name.equals("TRUE") || name.equals("FALSE")) {
            throw new IllegalArgumentException("model value name is not a TLA+ identifier: " + name);
        }
    }

    public static TlaModelValue of(String name) {
        return new TlaModelValue(name);
    }

    @Override
    public String toString() {
        return name;
    }
}

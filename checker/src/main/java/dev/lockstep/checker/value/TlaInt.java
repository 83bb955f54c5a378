package dev.lockstep.checker.value;

import java.math.BigInteger;
import java.util.Objects;

/** An integer of any size (TLC's own are 32-bit, but other tools' ITF traces carry arbitrary ones). */
public record TlaInt(BigInteger value) implements TlaValue {
    public TlaInt {
        Objects.requireNonNull(value, "value");
    }

    public static TlaInt of(long value) {
        return new TlaInt(BigInteger.valueOf(value));
    }

    public static TlaInt of(BigInteger value) {
        return new TlaInt(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

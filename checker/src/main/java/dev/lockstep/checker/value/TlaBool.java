package dev.lockstep.checker.value;

/** {@code TRUE} or {@code FALSE}. */
public record TlaBool(boolean value) implements TlaValue {
    public static final TlaBool TRUE = new TlaBool(true);
    public static final TlaBool FALSE = new TlaBool(false);

    public static TlaBool of(boolean value) {
        return value ? TRUE : FALSE;
    }

    @Override
    public String toString() {
        return value ? "TRUE" : "FALSE";
    }
}

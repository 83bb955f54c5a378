package dev.lockstep.checker.value;

/** Text that is not a TLC value or state; {@link #getMessage()} is one line starting with {@code line:column}. */
public final class TlaValueSyntaxException extends RuntimeException {
    private final int line;
    private final int column;

    /** @param line 1-based line; @param column 1-based column */
    public TlaValueSyntaxException(int line, int column, String detail) {
        super(line + ":" + column + ": " + detail);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}

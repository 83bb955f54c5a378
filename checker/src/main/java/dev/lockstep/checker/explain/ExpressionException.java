package dev.lockstep.checker.explain;

/** A trace expression that cannot be parsed or checked; the message is one line naming the position. */
public final class ExpressionException extends RuntimeException {
    public ExpressionException(String message) {
        super(message);
    }
}

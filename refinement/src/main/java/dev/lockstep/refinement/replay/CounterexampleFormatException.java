package dev.lockstep.refinement.replay;

/** A counterexample file that cannot be replayed; the message is one line naming the file and the position. */
public final class CounterexampleFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CounterexampleFormatException(String message) {
        super(message);
    }

    public CounterexampleFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

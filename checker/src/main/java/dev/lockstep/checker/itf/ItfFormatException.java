package dev.lockstep.checker.itf;

/** Input that is not a well-formed ITF trace; the message is one line naming the position (JSON line:column or path). */
public final class ItfFormatException extends RuntimeException {
    public ItfFormatException(String message) {
        super(message);
    }

    public ItfFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

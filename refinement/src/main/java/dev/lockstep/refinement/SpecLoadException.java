package dev.lockstep.refinement;

/** The spec or its configuration could not be parsed or processed; the message names the file and position. */
public final class SpecLoadException extends RuntimeException {
    private final String toolOutput;

    SpecLoadException(String message, String toolOutput, Throwable cause) {
        super(message, cause);
        this.toolOutput = toolOutput;
    }

    /** Everything SANY and TLC printed while loading (parser diagnostics in full). */
    public String toolOutput() {
        return toolOutput;
    }
}

package dev.lockstep.checker.gate;

import java.nio.file.Path;

/** A malformed expectations file or a model folder that does not match it; the message names file and line. */
public final class ExpectationsFormatException extends RuntimeException {
    public ExpectationsFormatException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}

package dev.lockstep.refinement;

/** TLC failed to evaluate the spec on a given state (e.g. a function applied outside its domain). */
public final class SpecEvaluationException extends RuntimeException {
    SpecEvaluationException(String message) {
        super(message);
    }

    SpecEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}

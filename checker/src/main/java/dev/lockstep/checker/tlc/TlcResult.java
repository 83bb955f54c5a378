package dev.lockstep.checker.tlc;

import dev.lockstep.checker.trace.Trace;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one TLC run.
 *
 * @param property the violated invariant or action property when TLC names it
 * @param trace the counterexample, also for an evaluation error TLC shows a behaviour for
 * @param errorMessage one line explaining an error verdict ({@code Spec.tla:5:14: Unknown operator: `y'.}), or TLC's
 *     detail for a violation (the assertion's message, the false assumption's location)
 * @param rawOutput what TLC printed (stdout and stderr), capped at {@link TlcRunner#RAW_OUTPUT_LIMIT} characters
 */
public record TlcResult(Verdict verdict, Optional<String> property, Stats stats, Optional<Trace> trace,
        Optional<String> errorMessage, String rawOutput) {
    public TlcResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(rawOutput, "rawOutput");
    }

    /** A result for a run that never started because its inputs are unusable. */
    static TlcResult rejected(Verdict verdict, String message) {
        return new TlcResult(verdict, Optional.empty(), Stats.NONE, Optional.empty(), Optional.of(message), "");
    }

    /** {@code ok}, {@code invariant Safe violated}, {@code deadlock}, ... */
    public String describe() {
        return verdict.describe(property);
    }
}

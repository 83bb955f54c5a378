package dev.lockstep.checker.tlc;

import java.util.Locale;
import java.util.Optional;

/**
 * What a TLC run established. Exit codes (also the CLI's): 0 ok, 1 a property is violated, 2 usage / spec / config
 * error (the model is wrong, rerunning will not help), 3 TLC crashed, ran out of memory or timed out, 130 interrupted.
 */
public enum Verdict {
    OK("ok", 0),
    INVARIANT_VIOLATED("invariant violated", 1),
    DEADLOCK("deadlock", 1),
    TEMPORAL_VIOLATED("temporal property violated", 1),
    ACTION_PROPERTY_VIOLATED("action property violated", 1),
    ASSERTION_FAILED("assertion failed", 1),
    ASSUMPTION_FALSE("assumption false", 1),
    /** Bad options or files given to the checker or to TLC (unknown option, missing spec or config file). */
    USAGE_ERROR("usage error", 2),
    /** SANY rejected the spec: lexical, syntax or semantic error, unknown module. */
    SPEC_ERROR("spec error", 2),
    CONFIG_ERROR("config error", 2),
    /** TLC could not evaluate an expression of the spec (division by zero, value outside a domain, ...). */
    EVALUATION_ERROR("evaluation error", 2),
    TLC_CRASH("TLC crashed", 3),
    OUT_OF_MEMORY("TLC ran out of memory", 3),
    TIMEOUT("timed out", 3),
    /** The run was stopped from outside (SIGINT, SIGTERM); a process ended by signal N exits with 128 + N. */
    INTERRUPTED("interrupted", 130);

    private final String label;
    private final int exitCode;

    Verdict(String label, int exitCode) {
        this.label = label;
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public boolean isViolation() {
        return exitCode == 1;
    }

    public boolean isError() {
        return exitCode >= 2;
    }

    /** Machine-readable name, e.g. {@code invariant-violated}. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Human-readable verdict, naming the property where TLC names it: {@code invariant NoOverlap violated}. */
    public String describe(Optional<String> property) {
        return switch (this) {
            case INVARIANT_VIOLATED -> property.map(p -> "invariant " + p + " violated").orElse(label);
            case ACTION_PROPERTY_VIOLATED -> property.map(p -> "action property " + p + " violated").orElse(label);
            default -> label;
        };
    }
}

package dev.lockstep.checker.trace;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaValue;
import java.util.Objects;
import java.util.Optional;

/**
 * One state of a counterexample and the action that produced it.
 *
 * @param action {@link #INITIAL} for the first state, else the action name TLC prints (e.g. {@code FuseIomapEnd});
 *     empty when the trace came from a tool that does not record it
 * @param location where the action is defined, if known
 * @param vars variable name to value
 */
public record TraceState(String action, Optional<SourceLocation> location, ImmutableMap<String, TlaValue> vars) {
    /** TLC's label for the initial state. */
    public static final String INITIAL = "Initial predicate";

    public TraceState {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(vars, "vars");
    }

    public static TraceState initial(ImmutableMap<String, TlaValue> vars) {
        return new TraceState(INITIAL, Optional.empty(), vars);
    }
}

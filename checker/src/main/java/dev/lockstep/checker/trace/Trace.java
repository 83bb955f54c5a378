package dev.lockstep.checker.trace;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A counterexample: a finite sequence of states, possibly the prefix of an infinite behaviour.
 *
 * @param states at least one state, the first one initial
 * @param loop for a lasso, the 0-based index of the state the last state steps back to
 * @param stuttering true when the behaviour ends by stuttering forever in the last state
 */
public record Trace(ImmutableList<TraceState> states, OptionalInt loop, boolean stuttering) {
    public Trace {
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(loop, "loop");
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a trace has at least one state");
        }
        if (loop.isPresent() && (loop.getAsInt() < 0 || loop.getAsInt() >= states.size())) {
            throw new IllegalArgumentException(
                    "loop index " + loop.getAsInt() + " is outside the trace's " + states.size() + " states");
        }
        if (loop.isPresent() && stuttering) {
            throw new IllegalArgumentException("a trace ends either in a loop or in stuttering, not both");
        }
    }

    /** A finite trace (safety violation, deadlock). */
    public static Trace finite(ImmutableList<TraceState> states) {
        return new Trace(states, OptionalInt.empty(), false);
    }

    public static Trace lasso(ImmutableList<TraceState> states, int loop) {
        return new Trace(states, OptionalInt.of(loop), false);
    }

    public static Trace stuttering(ImmutableList<TraceState> states) {
        return new Trace(states, OptionalInt.empty(), true);
    }
}

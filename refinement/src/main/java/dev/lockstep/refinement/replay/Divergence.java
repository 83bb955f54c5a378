package dev.lockstep.refinement.replay;

import com.google.common.collect.ImmutableList;
import java.util.Objects;

/**
 * Where the implementation stopped following the counterexample.
 *
 * @param kind what went wrong
 * @param position the plan position the replay was trying to reach (its state number is in {@code expected})
 * @param expected the planned step (null only for {@link Kind#INITIAL_STATE})
 * @param implStep the implementation step that diverged (0 if none was taken)
 * @param operation its label, or what the implementation could do instead
 * @param details the state difference (expected vs actual) or the enabled alternatives, one per line
 */
public record Divergence(Kind kind, int position, PlannedStep expected, long implStep, String operation,
        ImmutableList<String> details) {

    public enum Kind {
        /** The implementation's initial state maps to another state than the trace's first. */
        INITIAL_STATE,
        /** An implementation step of the planned actor reached another abstract state. */
        DIFFERENT_STATE,
        /** The planned actor has no enabled step in the implementation. */
        ACTOR_BLOCKED,
        /** The planned actor kept taking steps that change no spec variable. */
        ENDLESS_STUTTER,
        /** The trace ends in a deadlock (or stutters forever), but the implementation changes the state. */
        MOVES_AFTER_END,
        /** The implementation run ended (completed, failed) before the trace did. */
        RUN_ENDED
    }

    public Divergence {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(details, "details");
    }

    /** A readable report: one headline, then the details indented. Deterministic. */
    public String render() {
        StringBuilder out = new StringBuilder();
        String target = expected == null ? "the initial state"
                : "trace state " + expected.stateNumber() + " (" + expected.action() + " by " + expected.actor() + ")";
        out.append(switch (kind) {
            case INITIAL_STATE -> "the implementation's initial state is not the trace's";
            case DIFFERENT_STATE -> "diverged before " + target + ": impl step " + implStep + " "
                    + expected.actor() + ": " + operation + " reached another abstract state";
            case ACTOR_BLOCKED -> "diverged before " + target + ": " + expected.actor()
                    + " has no enabled step in the implementation";
            case ENDLESS_STUTTER -> "diverged before " + target + ": " + expected.actor()
                    + " only stutters (last: impl step " + implStep + " " + operation + ")";
            case MOVES_AFTER_END -> "the trace ends here, but impl step " + implStep + " " + operation
                    + " changes the abstract state";
            case RUN_ENDED -> "the implementation run ended before " + target + ": " + operation;
        });
        out.append('\n');
        for (String d : details) {
            out.append("    ").append(d).append('\n');
        }
        return out.toString();
    }
}

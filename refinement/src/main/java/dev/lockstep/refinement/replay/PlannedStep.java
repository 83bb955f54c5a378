package dev.lockstep.refinement.replay;

import dev.lockstep.refinement.SpecState;
import java.util.Objects;

/**
 * One step the replay must reproduce: {@code actor} takes the spec action {@code action} into {@code state}, which is
 * state {@code traceIndex} (0-based) of the counterexample. An {@code exact} step must reach exactly that state. The
 * repetitions of a lasso's loop beyond the recorded states are not exact: the spec leaves choices open there (which
 * busy range the worker scans next) that the implementation resolves its own way (list_move_tail rotates the busy
 * list), so such a step is any step of the actor that changes the abstract state, checked for refinement.
 */
public record PlannedStep(int traceIndex, String actor, String action, SpecState state,
        boolean exact) {
    public PlannedStep {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(state, "state");
    }

    /** The state's number as TLC prints it ({@code State 4: ...}). */
    public int stateNumber() {
        return traceIndex + 1;
    }
}

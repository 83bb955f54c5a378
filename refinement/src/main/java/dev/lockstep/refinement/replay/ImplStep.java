package dev.lockstep.refinement.replay;

import java.util.Objects;

/**
 * One implementation step taken during a replay.
 *
 * @param step the scheduler's step number
 * @param actor the task that took it
 * @param operation the scheduler's label for it
 * @param alternative which of the actor's enabled alternatives was taken (0 = first), of {@code alternatives}
 * @param reached the plan position whose state the step reached, or -1 when it changed no spec variable (a stutter)
 */
public record ImplStep(long step, String actor, String operation, int alternative, int alternatives, int reached) {
    public ImplStep {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(operation, "operation");
    }

    public boolean stutter() {
        return reached < 0;
    }
}

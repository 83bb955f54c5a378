package dev.lockstep.refinement;

import java.util.Objects;

/**
 * One observed implementation state, mapped to the spec's variables: {@code state} is the abstract state after
 * implementation step {@code step}, taken by {@code actor} running {@code operation} (the initial state is step 0).
 */
public record ObservedStep(long step, String actor, String operation, SpecState state) {
    public ObservedStep {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(state, "state");
    }

    public static ObservedStep initial(SpecState state) {
        return new ObservedStep(0, "-", "init", state);
    }
}

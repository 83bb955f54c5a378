package dev.lockstep.refinement;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaValue;
import java.util.Objects;

/**
 * One observed implementation state, mapped to the spec's variables: {@code state} is the abstract state after
 * implementation step {@code step}, taken by {@code actor} running {@code operation} (the initial state is step 0).
 */
public record ObservedStep(long step, String actor, String operation, ImmutableMap<String, TlaValue> state) {
    public ObservedStep {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(state, "state");
    }

    public static ObservedStep initial(ImmutableMap<String, TlaValue> state) {
        return new ObservedStep(0, "-", "init", state);
    }
}

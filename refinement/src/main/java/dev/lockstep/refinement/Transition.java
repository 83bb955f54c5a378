package dev.lockstep.refinement;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaValue;
import java.util.Objects;

/** A successor of a spec state: the action that takes the step and the state it leads to. */
public record Transition(ActionInstance action, ImmutableMap<String, TlaValue> target) {
    public Transition {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
    }
}

package dev.lockstep.refinement;

import java.util.Objects;

/** A successor of a spec state: the action that takes the step and the state it leads to. */
public record Transition(ActionInstance action, SpecState target) {
    public Transition {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
    }
}

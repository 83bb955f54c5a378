package dev.lockstep.refinement;

import java.util.Objects;

/** A spec transition as a pair of distinct abstract states, whatever action takes it. */
public record StatePair(SpecState from, SpecState to) {
    public StatePair {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}

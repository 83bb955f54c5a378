package dev.lockstep.refinement;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaValue;
import java.util.Objects;

/** A spec transition as a pair of distinct abstract states, whatever action takes it. */
public record StatePair(ImmutableMap<String, TlaValue> from, ImmutableMap<String, TlaValue> to) {
    public StatePair {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}

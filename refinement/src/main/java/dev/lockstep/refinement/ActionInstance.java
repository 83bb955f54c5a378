package dev.lockstep.refinement;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaValue;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One of the sub-actions TLC splits {@code Next} into: the action's operator name and the values its parameters are
 * bound to, e.g. {@code Acquire(p1)} for {@code \E p \in Procs : Acquire(p)}.
 */
public record ActionInstance(String name, ImmutableMap<String, TlaValue> parameters) {
    public ActionInstance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameters, "parameters");
    }

    @Override
    public String toString() {
        return parameters.isEmpty()
                ? name
                : parameters.values().stream().map(TlaValue::toString).collect(Collectors.joining(", ", name + "(", ")"));
    }
}

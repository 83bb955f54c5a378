package dev.lockstep.refinement;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.value.TlaValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An implementation step whose abstract image the spec does not allow.
 *
 * @param kind what failed
 * @param step the implementation step number, actor and operation that produced {@code after}
 * @param before the abstract state before the step; for {@link Kind#NOT_INITIAL} the spec's initial state nearest to
 *     {@code after} (fewest differing variables), if the spec's initial states could be enumerated
 * @param after the abstract state after the step (the rejected initial state for {@link Kind#NOT_INITIAL})
 * @param changed the variables in which {@code before} and {@code after} differ, in the spec's order
 * @param enabled the steps the spec does allow from {@code before} (empty for {@link Kind#NOT_INITIAL})
 * @param detail TLC's evaluation error for {@link Kind#EVALUATION_ERROR}, else empty
 */
public record RefinementViolation(
        Kind kind,
        long step,
        String actor,
        String operation,
        Optional<SpecState> before,
        SpecState after,
        ImmutableList<String> changed,
        ImmutableList<Transition> enabled,
        String detail) {

    public enum Kind {
        /** The first state does not satisfy {@code Init}. */
        NOT_INITIAL,
        /** The step is neither a stutter nor a step of {@code Next}. */
        NOT_A_STEP,
        /** The state cannot be given to TLC (wrong variables, undeclared model value) or TLC failed on it. */
        EVALUATION_ERROR
    }

    public RefinementViolation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(changed, "changed");
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(detail, "detail");
    }

    /** A readable multi-line report. Deterministic. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("refinement violation at step ").append(step).append(" (").append(actor).append(": ")
                .append(operation).append("): ").append(headline()).append('\n');
        if (!detail.isEmpty()) {
            out.append("  ").append(detail).append('\n');
        }
        if (!changed.isEmpty()) {
            out.append("  differing variables: ").append(String.join(", ", changed)).append('\n');
        }
        before.ifPresent(b -> {
            out.append(kind == Kind.NOT_INITIAL ? "  nearest initial state of the spec:\n" : "  spec state before:\n");
            appendState(b, out);
        });
        out.append(kind == Kind.NOT_INITIAL ? "  observed initial state:\n" : "  spec state after:\n");
        appendState(after, out);
        if (kind != Kind.NOT_INITIAL && before.isPresent()) {
            if (enabled.isEmpty()) {
                out.append("  no spec action is enabled in the state before (the spec is deadlocked there)\n");
            } else {
                out.append("  spec steps enabled in the state before:\n");
                for (Transition t : enabled) {
                    out.append("    ").append(t.action()).append(": ").append(primedChanges(before.get(), t.target()))
                            .append('\n');
                }
            }
        }
        return out.toString();
    }

    private String headline() {
        return switch (kind) {
            case NOT_INITIAL -> "the initial state does not satisfy Init";
            case NOT_A_STEP -> "neither a step of Next nor a stutter";
            case EVALUATION_ERROR -> "the spec cannot be evaluated on this step";
        };
    }

    private void appendState(SpecState state, StringBuilder out) {
        for (Map.Entry<String, TlaValue> e : state.asMap().entrySet()) {
            out.append("    /\\ ").append(e.getKey()).append(" = ").append(e.getValue());
            if (changed.contains(e.getKey())) {
                out.append("    (differs)");
            }
            out.append('\n');
        }
    }

    /** {@code x' = v, y' = w} for the variables a step changes; {@code UNCHANGED} for a stuttering step. */
    static String primedChanges(SpecState from, SpecState to) {
        String changes = to.asMap().entrySet().stream()
                .filter(e -> !e.getValue().equals(from.get(e.getKey())))
                .map(e -> e.getKey() + "' = " + e.getValue())
                .collect(Collectors.joining(", "));
        return changes.isEmpty() ? "UNCHANGED (stutters)" : changes;
    }
}

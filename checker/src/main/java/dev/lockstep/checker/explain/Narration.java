package dev.lockstep.checker.explain;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Narrator} adds to a counterexample for {@code lockstep explain}: the kernel operations of each step
 * (from a replay on the protocol's Java model), why the property breaks, and the values of trace expressions.
 *
 * @param source one line: where the operations come from, or why there are none
 * @param operations per trace state index (1 = the step into the second state), the operations of that step in order
 * @param loopBack the operations of the step that closes a lasso (back to its loop state)
 * @param afterTrace operations taken after the last state that change no spec variable (e.g. the step into a wait
 *     that never ends)
 * @param violation lines showing the values that break the property in the last state
 * @param deadlock the runtime's report of a deadlock: who waits for what, held by whom
 * @param loop lines on how the loop of a lasso repeats
 * @param expressions one row per {@code --expr}, in the order given
 */
public record Narration(String source, ImmutableMap<Integer, ImmutableList<String>> operations,
        ImmutableList<String> loopBack, ImmutableList<ActorOperation> afterTrace, ImmutableList<String> violation,
        Optional<Deadlock> deadlock, ImmutableList<String> loop, ImmutableList<ExpressionRow> expressions) {

    public Narration {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(loopBack, "loopBack");
        Objects.requireNonNull(afterTrace, "afterTrace");
        Objects.requireNonNull(violation, "violation");
        Objects.requireNonNull(deadlock, "deadlock");
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(expressions, "expressions");
    }

    /** Spec actions only, for the reason {@code source}. */
    public static Narration specOnly(String source) {
        return new Narration(source, ImmutableMap.of(), ImmutableList.of(), ImmutableList.of(), ImmutableList.of(),
                Optional.empty(), ImmutableList.of(), ImmutableList.of());
    }

    public boolean hasOperations() {
        return !operations.isEmpty();
    }

    /** An operation of {@code actor}. */
    public record ActorOperation(String actor, String operation) {}

    /** A deadlock as the runtime reports it: every blocked task, and the cycles of the wait-for graph. */
    public record Deadlock(ImmutableList<Blocked> blocked, ImmutableList<ImmutableList<String>> cycles) {}

    /** {@code task} is blocked in {@code operation}, waiting for {@code resource}, held by {@code holders}. */
    public record Blocked(String task, String operation, String resource, ImmutableList<String> holders) {}

    /**
     * A trace expression's values: per trace state index, or with {@code onSteps} per step (index i = the step into
     * state i; the index after the last state is the step that closes a lasso).
     */
    public record ExpressionRow(String expression, boolean onSteps, ImmutableMap<Integer, String> values) {}
}

package dev.lockstep.checker.gate;

import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Recovers who took each step of a trace. TLC prints action names without parameters, but every action of our specs
 * moves exactly one actor and changes that actor's entry of the program counter {@code pc}, so the actor is the key
 * of {@code pc} whose value changed.
 */
public final class StepActors {
    public static final String PROGRAM_COUNTER = "pc";
    /** The column of a step whose actor the state change does not reveal (no {@code pc}, or several entries moved). */
    public static final String UNKNOWN = "?";

    private StepActors() {}

    /** The actor of every non-initial state of {@code trace}, as a function for {@code TraceRenderer.renderColumns}. */
    public static Function<TraceState, String> of(Trace trace) {
        Map<TraceState, String> actors = new IdentityHashMap<>();
        List<TraceState> states = trace.states();
        for (int i = 1; i < states.size(); i++) {
            actors.put(states.get(i), actor(states.get(i - 1), states.get(i)));
        }
        return state -> actors.getOrDefault(state, UNKNOWN);
    }

    /** The actor that moved from {@code before} to {@code after}, or {@link #UNKNOWN}. */
    public static String actor(TraceState before, TraceState after) {
        if (!(before.vars().get(PROGRAM_COUNTER) instanceof TlaFunction pcBefore)
                || !(after.vars().get(PROGRAM_COUNTER) instanceof TlaFunction pcAfter)
                || !pcBefore.domain().equals(pcAfter.domain())) {
            return UNKNOWN;
        }
        List<TlaValue> moved = pcBefore.asMap().keySet().stream()
                .filter(actor -> !Objects.equals(pcBefore.apply(actor), pcAfter.apply(actor)))
                .toList();
        return moved.size() == 1 ? name(moved.get(0)) : UNKNOWN;
    }

    private static String name(TlaValue actor) {
        return actor instanceof TlaString s ? s.value() : actor.toString();
    }

}

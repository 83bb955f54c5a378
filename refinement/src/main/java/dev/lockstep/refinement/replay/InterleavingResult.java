package dev.lockstep.refinement.replay;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceRenderer;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.refinement.RefinementViolation;
import dev.lockstep.refinement.SpecState;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One run of an interleaving on an implementation.
 *
 * @param schedule the interleaving
 * @param skipped indices of entries whose actor could not take a spec step (blocked, finished, or only stuttering)
 * @param initial the initial abstract state
 * @param moves the implementation steps that changed the abstract state, in order, with the state after each
 * @param refinement the first refinement violation, if checked and any
 * @param property the first state violating the checked safety property, if any (the run stops there)
 * @param run how the run ended, after the interleaving and a fair continuation to the end
 */
public record InterleavingResult(ImmutableList<ActorStep> schedule, ImmutableList<Integer> skipped,
        SpecState initial, ImmutableList<Move> moves, Optional<RefinementViolation> refinement,
        Optional<ReplayResult.PropertyViolation> property, RunResult run) {

    /** An implementation step that changed the abstract state into {@code state}. */
    public record Move(long implStep, String actor, String operation, SpecState state) {}

    public InterleavingResult {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(skipped, "skipped");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(moves, "moves");
        Objects.requireNonNull(refinement, "refinement");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(run, "run");
    }

    /**
     * The run as a readable trace, one column per actor ({@link TraceRenderer#renderColumns}): each state-changing
     * step is titled by {@code namer(before, after)} (e.g. the spec action that allows it) and the implementation
     * operation, and shows what changed; then how the run ended.
     */
    public String render(BiFunction<SpecState, SpecState, String> namer) {
        ImmutableList.Builder<TraceState> states = ImmutableList.builder();
        states.add(TraceState.initial(initial.asMap()));
        Map<TraceState, String> actors = new IdentityHashMap<>();
        SpecState before = initial;
        for (Move m : moves) {
            TraceState s = new TraceState(namer.apply(before, m.state()) + " <- impl step " + m.implStep() + " "
                    + m.operation(), Optional.empty(), m.state().asMap());
            actors.put(s, m.actor());
            states.add(s);
            before = m.state();
        }
        StringBuilder out = new StringBuilder("interleaving " + schedule + (skipped.isEmpty() ? ""
                : " (entries " + skipped + " skipped)") + "\n");
        out.append(TraceRenderer.renderColumns(Trace.finite(states.build()), actors::get));
        refinement.ifPresent(v -> out.append(v.render()));
        property.ifPresent(p -> out.append("property violated after impl step ").append(p.implStep()).append(": ")
                .append(String.join("; ", p.messages())).append('\n'));
        out.append("run: ").append(run).append('\n');
        return out.toString();
    }
}

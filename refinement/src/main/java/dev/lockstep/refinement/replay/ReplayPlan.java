package dev.lockstep.refinement.replay;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.gate.StepActors;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.refinement.SpecState;
import java.util.ArrayList;
import java.util.List;

/**
 * The behaviour a replay must reproduce, unrolled from a counterexample: the initial state, then one
 * {@link PlannedStep} per spec step with its actor recovered from the change of the program counter
 * ({@link StepActors}). A lasso is unrolled as the prefix up to the loop state followed by the loop {@code loops}
 * times, so the replay revisits the loop state {@code loops + 1} times ({@link #loopVisits()}); the steps after the
 * recorded states are matched by actor only ({@link PlannedStep#exact()}).
 *
 * @param initial the initial state
 * @param steps the spec steps in order
 * @param drain true when the behaviour ends with nothing but stuttering (a deadlock, or a trace that stutters forever):
 *     after the last step the implementation may only take steps that change no spec variable
 * @param loopVisits plan positions at which the lasso's loop state is reached (position 0 is the initial state,
 *     position i the state after {@code steps.get(i - 1)}); empty for a finite trace
 */
public record ReplayPlan(SpecState initial, ImmutableList<PlannedStep> steps, boolean drain,
        ImmutableList<Integer> loopVisits) {

    /** As {@link #of(Trace, ViolatedProperty.Kind, int, StepActor)}, the actor recovered from {@code pc}. */
    public static ReplayPlan of(Trace trace, ViolatedProperty.Kind kind, int loops) {
        return of(trace, kind, loops, StepActors::actor);
    }

    /** Who took the step between two trace states ({@link StepActors#UNKNOWN} if the states do not tell). */
    @FunctionalInterface
    public interface StepActor {
        String actor(TraceState before, TraceState after);
    }

    /** @throws CounterexampleFormatException naming the state whose actor cannot be recovered */
    public static ReplayPlan of(Trace trace, ViolatedProperty.Kind kind, int loops, StepActor actorOf) {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be positive: " + loops);
        }
        ImmutableList<TraceState> states = trace.states();
        int n = states.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        // TLC closes a lasso on the last state itself when the behaviour ends stuttering there.
        boolean lasso = trace.loop().isPresent() && trace.loop().getAsInt() < n - 1;
        ImmutableList.Builder<Integer> visits = ImmutableList.builder();
        if (lasso) {
            int loop = trace.loop().getAsInt();
            visits.add(loop);
            for (int r = 0; r < loops; r++) {
                if (r > 0) {
                    for (int i = loop + 1; i < n; i++) {
                        order.add(i);
                    }
                }
                order.add(loop);
                visits.add(order.size() - 1);
            }
        }
        ImmutableList.Builder<PlannedStep> steps = ImmutableList.builder();
        for (int p = 1; p < order.size(); p++) {
            TraceState before = states.get(order.get(p - 1));
            TraceState after = states.get(order.get(p));
            String actor = actorOf.actor(before, after);
            if (actor.equals(StepActors.UNKNOWN)) {
                throw new CounterexampleFormatException("state " + (order.get(p) + 1) + " (" + after.action()
                        + "): cannot tell which actor took the step from state " + (order.get(p - 1) + 1)
                        + ": the step reveals no single actor");
            }
            // A state records the action into it in the trace's own order; TLC does not name the action that
            // closes a lasso, so the step back to the loop state says where it goes instead.
            boolean closing = p >= n && order.get(p) == trace.loop().getAsInt();
            String action = closing ? "(back to state " + (order.get(p) + 1) + ")" : after.action();
            steps.add(new PlannedStep(order.get(p), actor, action, SpecState.of(after.vars()), p < n));
        }
        boolean drain = kind == ViolatedProperty.Kind.DEADLOCK || trace.stuttering() || (trace.loop().isPresent()
                && !lasso);
        return new ReplayPlan(SpecState.of(states.get(0).vars()), steps.build(), drain, lasso ? visits.build() : ImmutableList.of());
    }

    /** The state at plan position {@code p} (0 = initial). */
    public SpecState stateAt(int p) {
        return p == 0 ? initial : steps.get(p - 1).state();
    }

    /** The actors in the order the plan moves them: the interleaving. */
    public ImmutableList<String> actors() {
        return steps.stream().map(PlannedStep::actor).collect(ImmutableList.toImmutableList());
    }
}

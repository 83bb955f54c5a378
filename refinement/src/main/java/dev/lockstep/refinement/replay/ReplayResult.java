package dev.lockstep.refinement.replay;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.refinement.RefinementViolation;
import dev.lockstep.refinement.SpecState;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of replaying a {@link ReplayPlan} on an implementation (the best of the attempts made: the one that
 * got furthest).
 *
 * @param plan what was replayed
 * @param reached the last plan position whose state the implementation reached ({@code plan.steps().size()} = all)
 * @param divergence where the implementation stopped following the plan, if it did
 * @param refinement the first refinement violation, if a checker was given and one occurred
 * @param property the first state in which the implementation violated the checked safety property, if any
 * @param steps every implementation step taken
 * @param run how the scheduler's run ended (for a deadlock: the runtime's deadlock report)
 * @param loopStates the implementation's exact state (scheduler control state and model state) at each visit of the
 *     lasso's loop state, in order
 * @param loopAbstractStates the abstract state at each of those visits
 * @param ignoredInLoop actors that had an enabled step at every scheduling point from the first visit of the loop
 *     state on but never took one: a loop that ignores them is not a fair behaviour of the implementation
 * @param attempts how many runs the search over the actors' alternatives (in-flight access or next operation) made
 */
public record ReplayResult(ReplayPlan plan, int reached, Optional<Divergence> divergence,
        Optional<RefinementViolation> refinement, Optional<PropertyViolation> property, ImmutableList<ImplStep> steps,
        RunResult run, ImmutableList<Object> loopStates,
        ImmutableList<SpecState> loopAbstractStates, ImmutableSet<String> ignoredInLoop,
        int attempts) {

    /** The implementation state after impl step {@code implStep} violated the property ({@code messages}). */
    public record PropertyViolation(long implStep, int position, ImmutableList<String> messages) {}

    public ReplayResult {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(divergence, "divergence");
        Objects.requireNonNull(refinement, "refinement");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(loopStates, "loopStates");
        Objects.requireNonNull(loopAbstractStates, "loopAbstractStates");
        Objects.requireNonNull(ignoredInLoop, "ignoredInLoop");
    }

    /** Every planned state was reached, in order, with no refinement violation. */
    public boolean followedPlan() {
        return divergence.isEmpty() && refinement.isEmpty() && reached == plan.steps().size();
    }

    /**
     * Two visits of the loop state, {@code first < second}, at which the implementation's exact state is the same:
     * under the same schedule it then repeats those loops forever. The earliest such {@code second}, if any.
     */
    public Optional<LoopCycle> loopCycle() {
        for (int j = 1; j < loopStates.size(); j++) {
            for (int i = 0; i < j; i++) {
                if (loopStates.get(i).equals(loopStates.get(j))) {
                    return Optional.of(new LoopCycle(i, j));
                }
            }
        }
        return Optional.empty();
    }

    /** Visits {@code first} and {@code second} (0 = the first reach of the loop state) have the same exact state. */
    public record LoopCycle(int first, int second) {}

    /** The impl steps that reached each planned state, in plan order (the last step of each; stutters left out). */
    public ImmutableList<ImplStep> matchedSteps() {
        return steps.stream().filter(s -> !s.stutter()).collect(ImmutableList.toImmutableList());
    }
}

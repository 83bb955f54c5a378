package dev.lockstep.refinement.replay;

import dev.lockstep.impl.runtime.Outcome;
import java.util.Optional;

/** Whether an implementation run shows a property violated, judged as the spec's check does. */
public final class PropertyVerdicts {
    private PropertyVerdicts() {}

    /**
     * Why {@code run} violates {@code property} (or the refinement, or crashed); empty when the property holds along
     * it. An invariant must hold in every state; a deadlock must not end the run; a temporal property (every access
     * completes) needs the run to complete under the fair continuation. Running out of steps is never success: the
     * fair continuation of a correct run ends.
     *
     * @param mustComplete the code's expectations promise that every run ends with every task done (no deadlock, no
     *     livelock), so any other end is a failure whatever the property
     */
    public static Optional<String> failure(ViolatedProperty property, InterleavingResult run, boolean mustComplete) {
        if (run.refinement().isPresent()) {
            return Optional.of("refinement violation: " + run.refinement().get().render().lines().findFirst()
                    .orElse(""));
        }
        if (run.property().isPresent()) {
            return Optional.of(property + " violated after impl step " + run.property().get().implStep() + ": "
                    + String.join("; ", run.property().get().messages()));
        }
        Outcome end = run.run().outcome();
        if (end instanceof Outcome.Failed) {
            return Optional.of("the run failed: " + end);
        }
        if (end instanceof Outcome.StepBoundExceeded) {
            return Optional.of("the run ran out of steps under a fair schedule (a livelock, or a task that never"
                    + " finishes): " + end);
        }
        if (mustComplete && !(end instanceof Outcome.Completed)) {
            return Optional.of("the run does not complete, which this code promises: " + end);
        }
        if (property.kind() == ViolatedProperty.Kind.DEADLOCK && end instanceof Outcome.Deadlock) {
            return Optional.of(end.toString());
        }
        if (property.kind() == ViolatedProperty.Kind.TEMPORAL && !(end instanceof Outcome.Completed)) {
            return Optional.of(property + ": the run under a fair schedule does not complete: " + end);
        }
        return Optional.empty();
    }
}

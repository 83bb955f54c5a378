package dev.lockstep.refinement.replay;

import dev.lockstep.impl.runtime.Outcome;
import java.util.Optional;

/** Whether an implementation run shows a property violated, judged as the spec's check does. */
public final class PropertyVerdicts {
    private PropertyVerdicts() {}

    /**
     * Why {@code run} violates {@code property} (or the refinement, or crashed); empty when the property holds along
     * it. An invariant must hold in every state; a deadlock must not end the run; a temporal property (every access
     * completes) needs the run to complete under the fair continuation.
     */
    public static Optional<String> failure(ViolatedProperty property, InterleavingResult run) {
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
        if (property.kind() == ViolatedProperty.Kind.DEADLOCK && end instanceof Outcome.Deadlock) {
            return Optional.of(end.toString());
        }
        if (property.kind() == ViolatedProperty.Kind.TEMPORAL && !(end instanceof Outcome.Completed)) {
            return Optional.of(property + ": the run under a fair schedule does not complete: " + end);
        }
        return Optional.empty();
    }
}

package dev.lockstep.refinement.binding;

import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.refinement.ObservedStep;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.RefinementViolationException;
import dev.lockstep.refinement.replay.ReplayTarget;

/** Checks a running model against its spec at every scheduler step. */
public final class StepRefinement {
    private StepRefinement() {}

    /**
     * Checks {@code model}'s current state as the initial state of a new run of {@code checker}, then every step
     * {@code scheduler} takes. The first violation is thrown as a {@link RefinementViolationException}: from here
     * for the initial state, from the step listener otherwise, which ends the run with a failed outcome carrying it.
     * Steps the schedule {@linkplain Scheduler#repeats repeats} from an earlier run of the same checker are not
     * mapped again; the run resumes from the state before the first new step.
     */
    public static void attach(Scheduler scheduler, ReplayTarget.Instance model, RefinementChecker checker) {
        RefinementChecker.Run run = checker.newRun();
        if (!scheduler.repeats(1)) {
            run.observe(ObservedStep.initial(model.abstractState())).ifPresent(v -> {
                throw new RefinementViolationException(v);
            });
        }
        scheduler.addListener((step, task, label) -> {
            if (scheduler.repeats(step)) {
                if (!scheduler.repeats(step + 1)) {
                    run.resume(model.abstractState());
                }
                return;
            }
            run.observe(new ObservedStep(step, task, label, model.abstractState())).ifPresent(v -> {
                throw new RefinementViolationException(v);
            });
        });
    }
}

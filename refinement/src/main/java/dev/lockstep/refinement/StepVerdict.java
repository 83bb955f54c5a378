package dev.lockstep.refinement;

import com.google.common.collect.ImmutableList;

/**
 * The answer to "is (s, t) a step of {@code [Next]_vars}?": a stutter ({@code s = t}), or the actions of
 * {@code Next} that allow the step (empty when none does).
 */
public record StepVerdict(boolean stutter, ImmutableList<ActionInstance> actions) {
    static final StepVerdict STUTTER = new StepVerdict(true, ImmutableList.of());

    public boolean allowed() {
        return stutter || !actions.isEmpty();
    }
}

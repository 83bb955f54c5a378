package dev.lockstep.refinement.binding;

import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A running model seen through its refinement mapping, mapped at most once per scheduler step: the step listeners and
 * the explorer ask for the same state several times after each step. For a binding's {@link ProtocolBinding#start}.
 */
public final class StepCachedInstance implements ReplayTarget.Instance {
    private final Scheduler scheduler;
    private final Supplier<SpecState> map;
    private final Function<SpecState, Object> exact;
    private long mappedAt = -1;
    private SpecState mapped;

    /**
     * @param map the model's current state as the spec's variables
     * @param exact the model's exact state, given its mapped state
     */
    public StepCachedInstance(Scheduler scheduler, Supplier<SpecState> map, Function<SpecState, Object> exact) {
        this.scheduler = scheduler;
        this.map = map;
        this.exact = exact;
    }

    @Override
    public SpecState abstractState() {
        if (mappedAt != scheduler.stepCount() || mapped == null) {
            mapped = map.get();
            mappedAt = scheduler.stepCount();
        }
        return mapped;
    }

    @Override
    public Object exactState() {
        return exact.apply(abstractState());
    }
}

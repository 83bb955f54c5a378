package dev.lockstep.refinement.binding;

import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A running model seen through its refinement mapping, mapped once per scheduler step: listeners and the explorer ask
 * for the same state after each step.
 */
public final class MappedInstance implements ReplayTarget.Instance {
    private final Scheduler scheduler;
    private final Supplier<SpecState> mapping;
    private final Function<SpecState, Object> exact;
    private long mappedAt = -1;
    private SpecState mapped;

    /**
     * @param mapping the model's current state as a spec state
     * @param exact the model's exact state, given its spec state
     */
    public MappedInstance(Scheduler scheduler, Supplier<SpecState> mapping, Function<SpecState, Object> exact) {
        this.scheduler = scheduler;
        this.mapping = mapping;
        this.exact = exact;
    }

    /** A model whose spec state is all later steps depend on. */
    public MappedInstance(Scheduler scheduler, Supplier<SpecState> mapping) {
        this(scheduler, mapping, s -> s);
    }

    @Override
    public SpecState abstractState() {
        if (mappedAt != scheduler.stepCount() || mapped == null) {
            mapped = mapping.get();
            mappedAt = scheduler.stepCount();
        }
        return mapped;
    }

    @Override
    public Object exactState() {
        return exact.apply(abstractState());
    }
}

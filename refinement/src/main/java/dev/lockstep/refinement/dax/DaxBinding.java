package dev.lockstep.refinement.dax;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.impl.dax.FuseDax;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.binding.ProtocolBinding;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.Arrays;
import java.util.Optional;

/** The virtiofs DAX reclaim model ({@code impl/.../dax}) bound to specs/dax/DaxReclaim.tla. */
public final class DaxBinding implements ProtocolBinding<DaxConfig> {
    @Override
    public String protocol() {
        return "dax";
    }

    @Override
    public ImmutableList<String> variants() {
        return Arrays.stream(DaxVariant.values()).map(DaxVariant::specName).collect(ImmutableList.toImmutableList());
    }

    @Override
    public String fixedVariant(String variant) {
        return switch (DaxVariant.of(variant)) {
            case INODE_TRYLOCK, REFCOUNT_RELAXED, REFCOUNT_UPSTREAM -> DaxVariant.REFCOUNT_UPSTREAM.specName();
            case FAULT_INLINE_RECLAIM, FAULT_WAIT_RETRY -> DaxVariant.FAULT_WAIT_RETRY.specName();
        };
    }

    @Override
    public DaxConfig configOf(SpecConstants constants, Trace trace) {
        return DaxTraceConfig.of(trace, constants);
    }

    @Override
    public ImmutableList<DaxConfig> explorationStarts(String variant) {
        return DaxModels.configs(DaxVariant.of(variant), DaxModels.representativeStarts());
    }

    @Override
    public ImmutableList<DaxConfig> everyStart(String variant) {
        return DaxModels.configs(DaxVariant.of(variant), DaxModels.everyStart());
    }

    @Override
    public String specConfig(DaxConfig config) {
        return DaxRefinementMapping.specConfig(config);
    }

    @Override
    public ReplayTarget.Instance start(Scheduler scheduler, DaxConfig config) {
        FuseDax dax = FuseDax.spawn(scheduler, config);
        return new ReplayTarget.Instance() {
            // Listeners and the explorer ask for the same state after each step: map it once per step.
            private long mappedAt = -1;
            private SpecState mapped;

            @Override
            public SpecState abstractState() {
                if (mappedAt != scheduler.stepCount() || mapped == null) {
                    mapped = DaxRefinementMapping.toSpec(dax);
                    mappedAt = scheduler.stepCount();
                }
                return mapped;
            }

            @Override
            public Object exactState() {
                return DaxRefinementMapping.exactState(dax, abstractState());
            }
        };
    }

    @Override
    public ImmutableList<String> actors(DaxConfig config) {
        return ImmutableList.<String>builder().addAll(config.readers().keySet()).addAll(config.faulters().keySet())
                .add(DaxConfig.WORKER).build();
    }

    @Override
    public Optional<String> whyRunsNeverEnd(DaxConfig config) {
        return config.endless().isEmpty() ? Optional.empty()
                : Optional.of("endless tasks " + config.endless() + " read forever");
    }

    /** Tasks whose {@code pc} is not {@code "idle"}: accesses under way (the worker is never done). */
    @Override
    public ImmutableList<String> busyTasks(SpecState s) {
        return ((TlaFunction) s.get("pc")).asMap().entrySet().stream()
                .filter(e -> !e.getKey().equals(TlaString.of(DaxConfig.WORKER))
                        && !e.getValue().equals(TlaString.of("idle")))
                .map(e -> ((TlaString) e.getKey()).value()).collect(ImmutableList.toImmutableList());
    }
}

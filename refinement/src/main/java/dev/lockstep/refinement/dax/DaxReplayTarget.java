package dev.lockstep.refinement.dax;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxInvariants;
import dev.lockstep.impl.dax.FuseDax;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.refinement.replay.ReplayTarget;
import dev.lockstep.refinement.replay.ViolatedProperty;
import java.util.Objects;

/**
 * The Java DAX model as a {@link ReplayTarget}: a fresh {@link FuseDax} per run, its state mapped with
 * {@link DaxRefinementMapping}, and for an invariant counterexample the model's own evaluation of that invariant
 * ({@link DaxInvariants}, whose messages start with the invariant's name).
 */
public record DaxReplayTarget(DaxConfig config, ViolatedProperty property) implements ReplayTarget {
    public DaxReplayTarget {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(property, "property");
    }

    @Override
    public Instance start(Scheduler scheduler) {
        FuseDax dax = FuseDax.spawn(scheduler, config);
        String prefix = property.name() + ":";
        boolean invariant = property.kind() == ViolatedProperty.Kind.INVARIANT;
        return new Instance() {
            @Override
            public ImmutableMap<String, TlaValue> abstractState() {
                return DaxRefinementMapping.toSpec(dax.snapshot());
            }

            @Override
            public Object exactState() {
                return dax.explorationKey();
            }

            @Override
            public ImmutableList<String> violations() {
                if (!invariant) {
                    return ImmutableList.of();
                }
                return DaxInvariants.violations(dax.snapshot(), config.variant()).stream()
                        .filter(v -> v.startsWith(prefix)).collect(ImmutableList.toImmutableList());
            }
        };
    }
}

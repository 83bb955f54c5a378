package dev.lockstep.refinement.binding;

import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.runtime.MemoryModel;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.Objects;
import java.util.Optional;

/**
 * A protocol's Java model with one configuration, as a {@link ReplayTarget}: each start builds a fresh instance. If
 * an invariant is given, every state is judged by TLC evaluating the spec's own definition on the mapped state (for
 * an action property, every step: the pair of mapped states); the binding may only add a readable explanation. Each
 * run is under {@code memoryModel} ({@link ProtocolBinding#start(MemoryModel, Scheduler, Object)}).
 */
public record BoundModel<C>(ProtocolBinding<C> binding, C config, Optional<Invariant> invariant,
        MemoryModel memoryModel) implements ReplayTarget {

    /**
     * The spec's state predicate {@code name}, evaluated by {@code oracle}: violated where it is FALSE, or for a
     * witness where it is TRUE (reached); or, if {@code action}, its action property {@code [][A]_v}, violated by a
     * step that is not an A step.
     */
    public record Invariant(SpecOracle oracle, String name, boolean witness, boolean action) {
        public Invariant(SpecOracle oracle, String name, boolean witness) {
            this(oracle, name, witness, false);
        }
    }

    public BoundModel {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(invariant, "invariant");
        Objects.requireNonNull(memoryModel, "memoryModel");
    }

    /** Under the memory model the gate runs the binding's model under. */
    public BoundModel(ProtocolBinding<C> binding, C config, Optional<Invariant> invariant) {
        this(binding, config, invariant, binding.memoryModel(config));
    }

    @Override
    public Instance start(Scheduler scheduler) {
        Instance model = binding.start(memoryModel, scheduler, config);
        return new Instance() {
            // The state at the previous judgement: an action property judges the step from it.
            private SpecState previous;

            @Override
            public SpecState abstractState() {
                return model.abstractState();
            }

            @Override
            public Object exactState() {
                return model.exactState();
            }

            @Override
            public ImmutableList<String> violations() {
                if (invariant.isEmpty()) {
                    return ImmutableList.of();
                }
                SpecState s = model.abstractState();
                Invariant inv = invariant.get();
                if (inv.action()) {
                    SpecState before = previous;
                    previous = s;
                    return before == null || inv.oracle().actionHolds(inv.name(), before, s) ? ImmutableList.of()
                            : ImmutableList.of(inv.name() + " is FALSE on this step");
                }
                if (inv.oracle().holds(inv.name(), s) != inv.witness()) {
                    return ImmutableList.of();
                }
                if (inv.witness()) {
                    return ImmutableList.of(inv.name() + " is TRUE (the witness is reached)");
                }
                String why = binding.explain(inv.name(), s);
                return ImmutableList.of(inv.name() + " is FALSE" + (why.isEmpty() ? "" : ": " + why));
            }
        };
    }
}

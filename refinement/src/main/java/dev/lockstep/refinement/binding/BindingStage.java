package dev.lockstep.refinement.binding;

import dev.lockstep.checker.gate.GateStage;

/** A gate stage of one protocol binding, named {@code <protocol> <what>}. */
abstract class BindingStage<C> implements GateStage {
    final ProtocolBinding<C> binding;
    private final String what;

    BindingStage(ProtocolBinding<C> binding, String what) {
        this.binding = binding;
        this.what = what;
    }

    @Override
    public String protocol() {
        return binding.protocol();
    }

    @Override
    public String name() {
        return binding.protocol() + " " + what;
    }
}

package dev.lockstep.refinement.binding;

import dev.lockstep.checker.gate.GateStage;
import java.util.ArrayList;
import java.util.List;

/** The gate stages of every protocol binding: refinement (exploration) and counterexample replays. */
public final class BindingStages implements GateStage.Provider {
    @Override
    public List<GateStage> stages() {
        List<GateStage> out = new ArrayList<>();
        for (ProtocolBinding<?> b : ProtocolBindings.all()) {
            out.add(new RefinementStage<>(b));
            out.add(new ReplayStage<>(b));
        }
        return out;
    }
}

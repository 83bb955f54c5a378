package dev.lockstep.refinement.dax;

import dev.lockstep.checker.gate.GateStage;
import dev.lockstep.impl.dax.DaxVariant;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Gate stage "dax refinement": every variant of the Java DAX model, explored exhaustively from the representative
 * starts, refines specs/dax/DaxReclaim.tla at every step; prints the coverage of TLC's reachable graph.
 */
public final class DaxRefinementStage implements GateStage {
    @Override
    public String name() {
        return "dax refinement";
    }

    @Override
    public boolean run(Path root, PrintWriter out) {
        Path specDir = root.resolve("specs").resolve("dax");
        boolean ok = true;
        for (DaxVariant variant : DaxVariant.values()) {
            DaxExploration.Result r = DaxExploration.explore(specDir, variant, DaxModels.representativeStarts());
            out.print(r.render());
            out.println(r.passed() ? "  ok" : "  FAIL");
            out.flush();
            ok &= r.passed();
        }
        return ok;
    }
}

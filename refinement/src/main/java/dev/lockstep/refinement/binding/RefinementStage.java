package dev.lockstep.refinement.binding;

import dev.lockstep.checker.gate.JavaModelRecords;
import dev.lockstep.impl.runtime.CpuAffinity;
import dev.lockstep.refinement.CoverageReport;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Gate stage "{@code <protocol>} refinement": every variant of the protocol's Java model, explored exhaustively from
 * the binding's starts, refines the spec at every step and ends its runs as the expectations promise; prints the
 * coverage of TLC's reachable graph, and records it for {@code lockstep review} ({@link JavaModelRecords}). Then
 * lockdep over all its runs ({@link LockdepVerdict}): the lock graph is written under target/lockdep/, and a cycle or
 * an edge against the documented order fails a deadlock-free variant, as a missing cycle fails one whose spec
 * deadlocks.
 */
final class RefinementStage<C> extends BindingStage<C> {
    RefinementStage(ProtocolBinding<C> binding) {
        super(binding, "refinement");
    }

    @Override
    public boolean run(Path root, PrintWriter out) {
        ProtocolSpec spec = ProtocolSpec.of(root, binding.protocol());
        JavaModelRecords records = new JavaModelRecords(root);
        boolean ok = true;
        CpuAffinity.unavailable().ifPresent(why -> out.println("note: " + why
                + "; each task switch may then wake another CPU, which makes exploring several times slower"));
        for (String variant : binding.variants()) {
            Exploration.Result r = Exploration.explore(binding, spec, variant, binding.explorationStarts(variant));
            out.print(r.render());
            if (r.coverage().coveredStates() < r.coverage().specStates() && !binding.whyNotCovered().isEmpty()) {
                out.println("  why: " + binding.whyNotCovered());
            }
            LockdepVerdict lockdep = LockdepVerdict.of(binding, spec, variant, r.lockdep());
            out.print(lockdep.summary());
            out.println("  lock graph: " + root.relativize(lockdep.write(root)));
            out.println(r.passed() && lockdep.passed() ? "  ok" : "  FAIL");
            CoverageReport c = r.coverage();
            records.writeExploration(binding.protocol(), variant, new JavaModelRecords.Exploration(c.coveredStates(),
                    c.specStates(), c.coveredTransitions(), c.specTransitions(), r.passed()));
            out.flush();
            ok &= r.passed() && lockdep.passed();
        }
        return ok;
    }
}

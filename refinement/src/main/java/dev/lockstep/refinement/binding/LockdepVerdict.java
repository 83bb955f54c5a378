package dev.lockstep.refinement.binding;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.gate.CheckKind;
import dev.lockstep.checker.gate.Outcome;
import dev.lockstep.checker.io.AtomicFiles;
import dev.lockstep.impl.runtime.LockCycles;
import dev.lockstep.impl.runtime.LockDep;
import dev.lockstep.impl.runtime.LockDepReport;
import dev.lockstep.impl.runtime.LockGraphPicture;
import dev.lockstep.impl.runtime.LockOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The lock-order judgement of one explored variant: a variant whose spec deadlocks ({@code deadlock violated} in
 * expectations.txt) must show a cycle in the lock graph of its runs; any other must show none and take no lock against
 * the protocol's documented order, unless its binding says why lockdep reports it although the model cannot deadlock
 * ({@link ProtocolBinding#whyLockdepReports}; the report must then still be there).
 *
 * @param report the graph, the edges against the documented order and every cycle in lockdep's words
 */
public record LockdepVerdict(String protocol, String variant, LockDep graph, LockOrder order,
        ImmutableList<LockCycles.Cycle> cycles, ImmutableList<LockDep.Edge> against, boolean deadlockExpected,
        Optional<String> whyReported, String report) {

    public static LockdepVerdict of(ProtocolBinding<?> binding, ProtocolSpec spec, String variant, LockDep graph) {
        LockOrder order = binding.lockOrder();
        boolean deadlocks = spec.models().expectations().stream().anyMatch(e -> e.variant().equals(variant)
                && e.kind() == CheckKind.DEADLOCK && e.expected() == Outcome.VIOLATED);
        return new LockdepVerdict(binding.protocol(), variant, graph, order, LockCycles.of(graph),
                order.violations(graph), deadlocks, binding.whyLockdepReports(variant),
                LockDepReport.render(binding.protocol() + "/" + variant, graph, order));
    }

    public boolean passed() {
        if (deadlockExpected || whyReported.isPresent()) {
            return !cycles.isEmpty();
        }
        return cycles.isEmpty() && against.isEmpty();
    }

    /** One line for the gate's log, and why it fails if it does. */
    public String summary() {
        String found = cycles.size() + (cycles.size() == 1 ? " cycle" : " cycles") + ", " + against.size()
                + " against the documented order (" + graph.classes().size() + " classes, " + graph.edges().size()
                + " dependencies)";
        if (passed()) {
            return "  lockdep: " + found + (deadlockExpected ? ", as the spec's deadlock demands"
                    : whyReported.map(w -> ", expected: " + w).orElse("")) + "\n";
        }
        String why = deadlockExpected ? "the spec deadlocks but lockdep found no cycle"
                : whyReported.isPresent() ? "lockdep was expected to report (" + whyReported.get() + ") but did not"
                : "a deadlock-free variant must have no cycle and keep the documented order";
        return "  lockdep FAILED: " + found + ": " + why + "\n" + report;
    }

    /**
     * Writes {@code <root>/target/lockdep/<protocol>/<variant>.txt, .dot, .svg}, each atomically. Returns the SVG's
     * path.
     */
    public Path write(Path root) {
        Path dir = root.resolve("target").resolve("lockdep").resolve(protocol);
        LockGraphPicture picture = new LockGraphPicture(graph, order);
        String title = protocol + "/" + variant + ": lock classes, " + cycles.size()
                + (cycles.size() == 1 ? " cycle" : " cycles");
        try {
            AtomicFiles.write(dir.resolve(variant + ".txt"), report);
            AtomicFiles.write(dir.resolve(variant + ".dot"), picture.dot(title));
            Path svg = dir.resolve(variant + ".svg");
            AtomicFiles.write(svg, picture.svg(title));
            return svg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lock graph of " + protocol + "/" + variant + " under "
                    + dir, e);
        }
    }
}

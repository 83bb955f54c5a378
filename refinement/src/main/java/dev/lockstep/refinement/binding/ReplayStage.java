package dev.lockstep.refinement.binding;

import dev.lockstep.checker.gate.CounterexampleStore;
import dev.lockstep.checker.gate.JavaModelRecords;
import dev.lockstep.refinement.SpecLoadException;
import dev.lockstep.refinement.replay.Counterexample;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import dev.lockstep.refinement.replay.CounterexampleFormatException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gate stage "{@code <protocol>} counterexample replays": every
 * {@code counterexamples/<protocol>/<variant>/<property>.itf.json} is replayed on the Java model of its variant (it
 * must reproduce the violation step for step, refining the spec at every step), and its interleaving and all one-edit
 * neighbours are run on the fixed variant (the property must hold). A spec mutant's counterexample is listed, not
 * replayed. The verdicts are recorded per variant for {@code lockstep review} ({@link JavaModelRecords}).
 */
final class ReplayStage<C> extends BindingStage<C> {
    ReplayStage(ProtocolBinding<C> binding) {
        super(binding, "counterexample replays");
    }

    @Override
    public boolean run(Path root, PrintWriter out) {
        ProtocolSpec spec = ProtocolSpec.of(root, binding.protocol());
        List<Path> files = CounterexampleFiles.list(spec.counterexamples());
        if (files.isEmpty()) {
            out.println("no counterexamples under " + root.relativize(spec.counterexamples()));
        }
        boolean ok = true;
        Map<String, List<JavaModelRecords.Replay>> byVariant = new LinkedHashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            JavaModelRecords.Replay r = check(spec, name.substring(0, name.length()
                    - CounterexampleStore.ITF_SUFFIX.length()), root.relativize(file), file, out);
            out.flush();
            ok &= r.passed();
            byVariant.computeIfAbsent(file.getParent().getFileName().toString(), v -> new ArrayList<>()).add(r);
        }
        // A variant of the Java model without a stored counterexample is recorded with none (not as "not run").
        binding.variants().forEach(v -> byVariant.putIfAbsent(v, List.of()));
        JavaModelRecords records = new JavaModelRecords(root);
        byVariant.forEach((variant, replays) -> records.writeReplays(binding.protocol(), variant, replays));
        return ok;
    }

    /** Replays one file, printing the full report; returns its verdict in a line. */
    private JavaModelRecords.Replay check(ProtocolSpec spec, String check, Path shown, Path file, PrintWriter out) {
        try {
            Counterexample cx = CounterexampleFiles.read(file);
            out.println(shown + " (" + cx.property() + ")");
            Optional<String> skip = ProtocolSpec.notReplayed(spec.constants(cx.variant()));
            if (skip.isPresent()) {
                out.println("  " + skip.get());
                return new JavaModelRecords.Replay(check, true, skip.get());
            }
            CounterexampleReplay.Reproduction r = CounterexampleReplay.reproduce(binding, spec, cx);
            out.print(r.render().indent(2));
            String reproduced = r.failure().map(f -> "NOT reproduced: " + f).orElse("reproduced step for step");
            Optional<String> noFixedCheck = CounterexampleReplay.whyNoFixedCheck(binding, spec, cx);
            if (noFixedCheck.isPresent()) {
                out.println("  " + noFixedCheck.get());
                out.println("  " + (r.reproduced() ? "ok" : "FAIL"));
                return new JavaModelRecords.Replay(check, r.reproduced(), reproduced + "; " + noFixedCheck.get());
            }
            CounterexampleReplay.FixedCheck f = CounterexampleReplay.checkFixed(binding, spec, cx, r.interleaving());
            out.print(f.render().indent(2));
            boolean ok = r.reproduced() && f.holds();
            out.println("  " + (ok ? "ok" : "FAIL"));
            return new JavaModelRecords.Replay(check, ok, reproduced + "; fixed variant " + f.fixed() + ": "
                    + (f.holds() ? "holds along the interleaving and its " + f.neighbours() + " neighbours"
                    : f.baseFailure().map(x -> "VIOLATED along the interleaving").orElse(f.failures().size() + " of "
                    + f.neighbours() + " neighbouring interleavings FAIL")));
        } catch (CounterexampleFormatException e) {
            out.println("FAIL: " + e.getMessage());
            return new JavaModelRecords.Replay(check, false, "FAIL: " + e.getMessage());
        } catch (IllegalArgumentException | UncheckedIOException | SpecLoadException e) {
            // The spec side (a cfg, the spec itself) is broken: the other files may still replay.
            out.println("FAIL: " + shown + ": " + e.getMessage());
            return new JavaModelRecords.Replay(check, false, "FAIL: " + e.getMessage());
        }
    }
}

package dev.lockstep.refinement.binding;

import dev.lockstep.refinement.SpecLoadException;
import dev.lockstep.refinement.replay.Counterexample;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import dev.lockstep.refinement.replay.CounterexampleFormatException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Gate stage "{@code <protocol>} counterexample replays": every
 * {@code counterexamples/<protocol>/<variant>/<property>.itf.json} is replayed on the Java model of its variant (it
 * must reproduce the violation step for step, refining the spec at every step), and its interleaving and all one-edit
 * neighbours are run on the fixed variant (the property must hold). A spec mutant's counterexample is listed, not
 * replayed.
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
            return true;
        }
        boolean ok = true;
        for (Path file : files) {
            ok &= check(spec, root.relativize(file), file, out);
            out.flush();
        }
        return ok;
    }

    private boolean check(ProtocolSpec spec, Path shown, Path file, PrintWriter out) {
        try {
            Counterexample cx = CounterexampleFiles.read(file);
            out.println(shown + " (" + cx.property() + ")");
            Optional<String> skip = ProtocolSpec.notReplayed(spec.constants(cx.variant()));
            if (skip.isPresent()) {
                out.println("  " + skip.get());
                return true;
            }
            CounterexampleReplay.Reproduction r = CounterexampleReplay.reproduce(binding, spec, cx);
            out.print(r.render().indent(2));
            Optional<String> noFixedCheck = CounterexampleReplay.whyNoFixedCheck(binding, spec, cx);
            if (noFixedCheck.isPresent()) {
                out.println("  " + noFixedCheck.get());
                out.println("  " + (r.reproduced() ? "ok" : "FAIL"));
                return r.reproduced();
            }
            CounterexampleReplay.FixedCheck f = CounterexampleReplay.checkFixed(binding, spec, cx, r.interleaving());
            out.print(f.render().indent(2));
            boolean ok = r.reproduced() && f.holds();
            out.println("  " + (ok ? "ok" : "FAIL"));
            return ok;
        } catch (CounterexampleFormatException e) {
            out.println("FAIL: " + e.getMessage());
            return false;
        } catch (IllegalArgumentException | UncheckedIOException | SpecLoadException e) {
            // The spec side (a cfg, the spec itself) is broken: the other files may still replay.
            out.println("FAIL: " + shown + ": " + e.getMessage());
            return false;
        }
    }
}

package dev.lockstep.refinement.dax;

import dev.lockstep.checker.gate.GateStage;
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
 * Gate stage "dax counterexample replays": every {@code counterexamples/dax/<variant>/<property>.itf.json} is replayed
 * on the Java model of its variant (must reproduce the violation step for step, refining the spec at every step), and
 * its interleaving and all one-edit neighbours are run on the fixed variant (the property must hold). A spec mutant's
 * counterexample (its cfg breaks a fix, {@code Mutations}) has no Java counterpart: it is listed, not replayed.
 */
public final class DaxReplayStage implements GateStage {
    public static final String NAME = "dax counterexample replays";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean run(Path root, PrintWriter out) {
        Path specDir = root.resolve("specs").resolve("dax");
        List<Path> files = CounterexampleFiles.list(root.resolve("counterexamples").resolve("dax"));
        if (files.isEmpty()) {
            out.println("no counterexamples under counterexamples/dax");
            return true;
        }
        boolean ok = true;
        for (Path file : files) {
            ok &= check(root.relativize(file), file, specDir, out);
            out.flush();
        }
        return ok;
    }

    private static boolean check(Path shown, Path file, Path specDir, PrintWriter out) {
        try {
            Counterexample cx = CounterexampleFiles.read(file);
            out.println(shown + " (" + cx.property() + ")");
            Optional<String> skip = DaxSpecConstants.of(specDir, cx.variant()).notReplayed();
            if (skip.isPresent()) {
                out.println("  " + skip.get());
                return true;
            }
            DaxCounterexampleReplay.Reproduction r = DaxCounterexampleReplay.reproduce(cx, specDir);
            out.print(r.render().indent(2));
            DaxCounterexampleReplay.FixedCheck f = DaxCounterexampleReplay.checkFixed(cx, r.interleaving(), specDir);
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

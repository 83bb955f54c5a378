package dev.lockstep.checker.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.gate.Gate;
import dev.lockstep.checker.gate.ModelRun;
import dev.lockstep.checker.gate.ModelRunResult;
import dev.lockstep.checker.gate.ProtocolModels;
import dev.lockstep.checker.gate.ResultCache;
import dev.lockstep.checker.io.FileTrees;
import dev.lockstep.checker.itf.ItfWriter;
import dev.lockstep.checker.tlc.TlcResult;
import dev.lockstep.checker.trace.TraceRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lockstep bench-gate}: the gate's TLC part with a JVM per model and with warm worker JVMs, in one process, one
 * after the other (the order alternates per round), then once more from the result cache the warm pass filled. Prints
 * wall time and the CPU time of the TLC JVMs (this JVM's reaped children, from /proc/self/stat) per design, their
 * ratios, and whether both designs found the same thing in every run: verdict, property, states generated and
 * distinct, depth, error message, counterexample (ITF and text, byte for byte).
 */
@Command(name = "bench-gate", hidden = true, mixinStandardHelpOptions = true,
        description = "The gate's TLC part with fresh JVMs vs warm workers, side by side, and from the cache.")
public final class BenchGateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ProtocolSelection selection;

    @Option(names = "--jobs", defaultValue = "2", description = "TLC runs at a time (default 2)")
    int jobs;

    @Option(names = "--rounds", defaultValue = "1", description = "pairs of gate passes (default 1)")
    int rounds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ImmutableList<ProtocolModels> models = selection.models();
        List<ModelRun> runs = models.stream().flatMap(m -> ModelRun.plan(m).stream()).toList();
        out.printf(Locale.ROOT, "%d TLC runs of %d protocols, %d at a time, %d round(s); %d cores%n", runs.size(),
                models.size(), jobs, rounds, Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "load average before: %.2f (a shared machine inflates wall times; compare ratios"
                + " taken in the same run)%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
        Path cacheFolder = Files.createTempDirectory("lockstep-bench-cache-");
        boolean identical = true;
        try {
            Pass freshTotal = Pass.ZERO;
            Pass warmTotal = Pass.ZERO;
            Pass cachedTotal = Pass.ZERO;
            for (int round = 1; round <= rounds; round++) {
                Pass fresh = null;
                Pass warm = null;
                for (int leg = 0; leg < 2; leg++) {
                    if ((leg == 0) == (round % 2 == 1)) {
                        fresh = pass(runs, true, Optional.empty(), out);
                    } else {
                        FileTrees.delete(cacheFolder);
                        Files.createDirectories(cacheFolder);
                        warm = pass(runs, false, Optional.of(new ResultCache(cacheFolder)), out);
                    }
                }
                Pass cached = pass(runs, false, Optional.of(new ResultCache(cacheFolder)), out);
                out.printf(Locale.ROOT, "round %d%n", round);
                row(out, "fresh JVM per run", fresh, fresh);
                row(out, "warm workers", warm, fresh);
                row(out, "cached (2nd gate)", cached, fresh);
                List<String> differences = differences(fresh.results, warm.results);
                differences.addAll(differences(fresh.results, cached.results));
                out.printf(Locale.ROOT, "  results: %s%n", differences.isEmpty()
                        ? "identical in all " + runs.size() + " runs (fresh vs warm vs cached)"
                        : differences.size() + " difference(s)");
                differences.forEach(d -> out.println("    " + d));
                identical &= differences.isEmpty();
                out.flush();
                freshTotal = freshTotal.plus(fresh);
                warmTotal = warmTotal.plus(warm);
                cachedTotal = cachedTotal.plus(cached);
            }
            if (rounds > 1) {
                out.println("all rounds");
                row(out, "fresh JVM per run", freshTotal, freshTotal);
                row(out, "warm workers", warmTotal, freshTotal);
                row(out, "cached (2nd gate)", cachedTotal, freshTotal);
            }
        } finally {
            FileTrees.delete(cacheFolder);
        }
        return identical ? ExitCodes.OK : ExitCodes.VIOLATED;
    }

    /** One pass of the gate's TLC part: wall seconds, CPU seconds of its TLC JVMs and of this one, its results. */
    private record Pass(double wall, double childCpu, double ownCpu, List<ModelRunResult> results) {
        static final Pass ZERO = new Pass(0, 0, 0, List.of());

        Pass plus(Pass other) {
            return new Pass(wall + other.wall, childCpu + other.childCpu, ownCpu + other.ownCpu, List.of());
        }
    }

    private Pass pass(List<ModelRun> runs, boolean fresh, Optional<ResultCache> cache, PrintWriter out)
            throws Exception {
        double childCpu = ChildCpu.seconds();
        double ownCpu = ownCpuSeconds();
        long start = System.nanoTime();
        ImmutableList<ModelRunResult> results = new Gate(Duration.ofMinutes(5), cache, fresh,
                notice -> out.println("  notice: " + notice)).executeAll(runs, jobs, r -> { });
        return new Pass((System.nanoTime() - start) / 1e9, ChildCpu.seconds() - childCpu, ownCpuSeconds() - ownCpu,
                results);
    }

    private static void row(PrintWriter out, String design, Pass pass, Pass fresh) {
        // the cache starts no TLC JVM: its CPU is nil and has no ratio
        String cpuRatio = pass.childCpu == 0 ? "(no TLC run)"
                : String.format(Locale.ROOT, "(x%5.2f less)", fresh.childCpu / pass.childCpu);
        out.printf(Locale.ROOT, "  %-18s wall %7.1f s (x%5.2f faster)   TLC JVMs' CPU %7.1f s %-13s"
                + "   this JVM's CPU %5.1f s%n", design, pass.wall, fresh.wall / pass.wall, pass.childCpu, cpuRatio,
                pass.ownCpu);
    }

    /** What differs between two passes' results, run by run (the time taken aside). */
    static List<String> differences(List<ModelRunResult> a, List<ModelRunResult> b) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            TlcResult x = a.get(i).tlc();
            TlcResult y = b.get(i).tlc();
            String name = a.get(i).run().describe();
            check(out, name, "verdict", x.verdict(), y.verdict());
            check(out, name, "property", x.property(), y.property());
            check(out, name, "generated", x.stats().generated(), y.stats().generated());
            check(out, name, "distinct", x.stats().distinct(), y.stats().distinct());
            check(out, name, "depth", x.stats().depth(), y.stats().depth());
            check(out, name, "error", x.errorMessage(), y.errorMessage());
            check(out, name, "ITF", x.trace().map(t -> ItfWriter.write(t, ImmutableMap.of())),
                    y.trace().map(t -> ItfWriter.write(t, ImmutableMap.of())));
            check(out, name, "text", x.trace().map(TraceRenderer::render), y.trace().map(TraceRenderer::render));
        }
        return out;
    }

    private static void check(List<String> out, String run, String what, Object x, Object y) {
        if (!Objects.equals(x, y)) {
            out.add(run + ": " + what + " differs");
        }
    }

    private static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}

package dev.lockstep.checker.cli;

import dev.lockstep.checker.io.FileTrees;
import dev.lockstep.checker.tlc.TlcRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lockstep bench-overhead}: what {@code lockstep check} costs over raw TLC. Runs raw TLC and {@code lockstep
 * check} (each as its own process, as a user would: through the {@code ./lockstep} launcher when run from the
 * repository) alternately on the same model with the same workers, checks both found the same number of distinct
 * states, and prints wall times, CPU times (user + system of each process tree) and their ratios, with the load
 * average before and after: on a shared machine wall times swing with the other load, CPU times much less.
 */
@Command(name = "bench-overhead", hidden = true, mixinStandardHelpOptions = true,
        description = "Compare wall and CPU time of raw TLC and lockstep check on one model"
                + " (default: checker/bench/Odometer.tla).")
public final class BenchOverheadCommand implements Callable<Integer> {
    private static final Pattern RAW_DISTINCT = Pattern.compile("([\\d,]+) distinct states found");
    private static final Pattern CHECK_DISTINCT = Pattern.compile("([\\d,]+) distinct states,");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "SPEC", defaultValue = "checker/bench/Odometer.tla")
    Path model;

    @Option(names = "--rounds", defaultValue = "3", description = "pairs of runs (default 3)")
    int rounds;

    @Option(names = "--workers", defaultValue = "1")
    int workers;

    @Option(names = "--launcher", paramLabel = "SCRIPT", defaultValue = "lockstep",
            description = "the launcher that runs lockstep check (default ./lockstep; when it does not exist, this"
                    + " JVM's java and class path with the launcher's JVM options for check)")
    Path launcher;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path specFile = model.toAbsolutePath();
        String module = specFile.getFileName().toString().replaceFirst("\\.tla$", "");
        Path cfg = specFile.resolveSibling(module + ".cfg");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Timed> raws = new ArrayList<>();
        List<Timed> checks = new ArrayList<>();
        String[] check = checkCommand(java, specFile);
        out.printf(Locale.ROOT, "model %s, %d worker(s), %d rounds; lockstep check as: %s ...%n", specFile, workers,
                rounds, String.join(" ", Arrays.asList(check).subList(0, Math.min(2, check.length))));
        out.printf(Locale.ROOT, "load average before: %.2f%n", loadAverage());
        for (int round = 1; round <= rounds; round++) {
            // Alternate which goes first, so a drift in machine load does not favour one side.
            Timed raw = null;
            Timed checked = null;
            for (int leg = 0; leg < 2; leg++) {
                if ((leg == 0) == (round % 2 == 1)) {
                    raw = timeRawTlc(java, specFile, cfg);
                } else {
                    checked = time(Path.of("").toAbsolutePath(), check);
                }
            }
            long rawDistinct = distinct(RAW_DISTINCT, raw.output);
            long checkDistinct = distinct(CHECK_DISTINCT, checked.output);
            out.printf(Locale.ROOT, "round %d: raw TLC %.2f s wall %.2f s CPU (%,d distinct, exit %d), lockstep check"
                    + " %.2f s wall %.2f s CPU (%,d distinct, exit %d); ratio wall %.3f CPU %.3f%n", round, raw.seconds,
                    raw.cpu, rawDistinct, raw.exitCode, checked.seconds, checked.cpu, checkDistinct, checked.exitCode,
                    checked.seconds / raw.seconds, checked.cpu / raw.cpu);
            out.flush();
            if (rawDistinct != checkDistinct || rawDistinct < 0) {
                out.println("distinct-state counts differ or are missing; not a valid comparison. Output of check:");
                out.println(checked.output);
                return ExitCodes.VIOLATED;
            }
            raws.add(raw);
            checks.add(checked);
        }
        out.printf(Locale.ROOT, "load average after: %.2f%n", loadAverage());
        out.printf(Locale.ROOT, "total: raw TLC %.2f s wall %.2f s CPU, lockstep check %.2f s wall %.2f s CPU;"
                + " ratio wall %.3f CPU %.3f%n", sum(raws, Timed::seconds), sum(raws, Timed::cpu),
                sum(checks, Timed::seconds), sum(checks, Timed::cpu), sum(checks, Timed::seconds) / sum(raws,
                        Timed::seconds), sum(checks, Timed::cpu) / sum(raws, Timed::cpu));
        double rawBest = best(raws, Timed::seconds);
        double checkBest = best(checks, Timed::seconds);
        out.printf(Locale.ROOT, "best:  raw TLC %.2f s wall %.2f s CPU, lockstep check %.2f s wall %.2f s CPU;"
                + " ratio wall %.3f CPU %.3f (target <= 1.05; the best run is the least disturbed by other load)%n",
                rawBest, best(raws, Timed::cpu), checkBest, best(checks, Timed::cpu), checkBest / rawBest,
                best(checks, Timed::cpu) / best(raws, Timed::cpu));
        return ExitCodes.OK;
    }

    private static double sum(List<Timed> runs, ToDoubleFunction<Timed> what) {
        return runs.stream().mapToDouble(what).sum();
    }

    private static double best(List<Timed> runs, ToDoubleFunction<Timed> what) {
        return runs.stream().mapToDouble(what).min().orElseThrow();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** {@code lockstep check} as the user runs it: the launcher, or this JVM with the launcher's options for check. */
    private String[] checkCommand(String java, Path specFile) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(launcher)) {
            cmd.add(launcher.toAbsolutePath().toString());
        } else {
            cmd.addAll(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName()));
        }
        cmd.addAll(List.of("check", specFile.toString(), "--workers", Integer.toString(workers)));
        return cmd.toArray(String[]::new);
    }

    private Timed timeRawTlc(String java, Path specFile, Path cfg) throws IOException, InterruptedException {
        Path metadir = Files.createTempDirectory("lockstep-bench-");
        try {
            return time(specFile.getParent(), java, "-XX:+UseParallelGC", "-cp", TlcRunner.tlaToolsJar().toString(),
                    "tlc2.TLC", "-metadir", metadir.toString(), "-config", cfg.toString(), "-workers",
                    Integer.toString(workers), specFile.toString());
        } finally {
            FileTrees.delete(metadir);
        }
    }

    /** One process run: wall seconds, CPU seconds of its process tree, exit code, output. */
    private record Timed(double seconds, double cpu, int exitCode, String output) {}

    private static Timed time(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("lockstep-bench-", ".log");
        try {
            double cpu = ChildCpu.seconds();
            long start = System.nanoTime();
            Process p = new ProcessBuilder(Arrays.asList(command)).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            int code = p.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Timed(seconds, ChildCpu.seconds() - cpu, code, Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static long distinct(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        List<Long> found = new ArrayList<>();
        while (m.find()) {
            found.add(Long.parseLong(m.group(1).replace(",", "")));
        }
        return found.isEmpty() ? -1 : found.get(found.size() - 1);
    }
}

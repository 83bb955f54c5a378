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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lockstep bench-overhead}: what {@code lockstep check} costs over raw TLC. Runs raw TLC and {@code lockstep
 * check} (each as its own process, as a user would) alternately on the same model with the same workers, checks
 * both found the same number of distinct states, and prints the wall times and their ratio.
 */
@Command(name = "bench-overhead", hidden = true, mixinStandardHelpOptions = true,
        description = "Compare wall time of raw TLC and lockstep check on one model (default: checker/bench/Odometer.tla).")
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

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path specFile = model.toAbsolutePath();
        String module = specFile.getFileName().toString().replaceFirst("\\.tla$", "");
        Path cfg = specFile.resolveSibling(module + ".cfg");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> rawTimes = new ArrayList<>();
        List<Double> checkTimes = new ArrayList<>();
        out.printf(Locale.ROOT, "model %s, %d worker(s), %d rounds%n", specFile, workers, rounds);
        for (int round = 1; round <= rounds; round++) {
            // Alternate which goes first, so a drift in machine load does not favour one side.
            Timed raw = null;
            Timed check = null;
            for (int leg = 0; leg < 2; leg++) {
                if ((leg == 0) == (round % 2 == 1)) {
                    raw = timeRawTlc(java, specFile, cfg);
                } else {
                    check = time(Path.of("").toAbsolutePath(), checkCommand(java, specFile));
                }
            }
            long rawDistinct = distinct(RAW_DISTINCT, raw.output);
            long checkDistinct = distinct(CHECK_DISTINCT, check.output);
            out.printf(Locale.ROOT, "round %d: raw TLC %.2f s (%,d distinct, exit %d), lockstep check %.2f s"
                    + " (%,d distinct, exit %d), ratio %.3f%n", round, raw.seconds, rawDistinct, raw.exitCode,
                    check.seconds, checkDistinct, check.exitCode, check.seconds / raw.seconds);
            out.flush();
            if (rawDistinct != checkDistinct || rawDistinct < 0) {
                out.println("distinct-state counts differ or are missing; not a valid comparison. Output of check:");
                out.println(check.output);
                return ExitCodes.VIOLATED;
            }
            rawTimes.add(raw.seconds);
            checkTimes.add(check.seconds);
        }
        double rawTotal = rawTimes.stream().mapToDouble(Double::doubleValue).sum();
        double checkTotal = checkTimes.stream().mapToDouble(Double::doubleValue).sum();
        double rawBest = rawTimes.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double checkBest = checkTimes.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        out.printf(Locale.ROOT, "total: raw TLC %.2f s, lockstep check %.2f s, ratio %.3f%n", rawTotal, checkTotal,
                checkTotal / rawTotal);
        out.printf(Locale.ROOT, "best:  raw TLC %.2f s, lockstep check %.2f s, ratio %.3f (target <= 1.05;"
                + " the best run is the least disturbed by other load)%n", rawBest, checkBest, checkBest / rawBest);
        return ExitCodes.OK;
    }

    /** {@code lockstep check} with this JVM's own options (the launcher's), as the user would run it. */
    private String[] checkCommand(String java, Path specFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "check",
                specFile.toString(), "--workers", Integer.toString(workers)));
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

    private record Timed(double seconds, int exitCode, String output) {}

    private static Timed time(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("lockstep-bench-", ".log");
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(Arrays.asList(command)).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            int code = p.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Timed(seconds, code, Files.readString(log, StandardCharsets.UTF_8));
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

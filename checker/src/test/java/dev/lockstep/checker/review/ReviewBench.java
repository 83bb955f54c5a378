package dev.lockstep.checker.review;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.explain.Narration;
import dev.lockstep.checker.explain.TraceFile;
import dev.lockstep.checker.io.AtomicFiles;
import dev.lockstep.checker.io.FileTrees;
import dev.lockstep.checker.itf.ItfWriter;
import dev.lockstep.checker.trace.Trace;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The review report on a synthetic 10,000-state counterexample (two tasks, a nested function, a record that gains
 * and loses a field, a set, strings with markup): writes it as ITF, then per round reads it back ({@code TraceFile})
 * and renders its pages ({@code ReviewReport.write}), CPU and wall time of the first (cold JVM) round and the best of
 * the others; then, with headless Chromium on the PATH, the load of the first page of the long trace and of a 6-state
 * page by the browser's own clock ({@link Chromium#measure}: start-up excluded), best and median of the rounds.
 * Prints figures; asserts nothing (the machine's load decides wall times: the load average is printed).
 *
 * <pre>
 * mvn -B -o -q -pl checker exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.lockstep.checker.review.ReviewBench [-Dexec.args=ROUNDS]
 * </pre>
 */
public final class ReviewBench {
    private static final int STATES = 10_000;

    private ReviewBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path out = Path.of("target/review-bench").toAbsolutePath();
        FileTrees.delete(out);
        Path itf = out.resolve("cx/toy/big/Long.itf.json");
        AtomicFiles.write(itf, ItfWriter.write(ReviewReportTest.hostileTrace(STATES, false), ImmutableMap.of(
                "spec", "Toy", "variant", "big", "verdict", "invariant Inv violated")));
        Path specs = out.resolve("specs");
        Files.createDirectories(specs.resolve("toy"));
        Files.writeString(specs.resolve("toy/Toy.tla"), "---- MODULE Toy ----\nAct == TRUE\n====\n");
        System.out.printf("input: %d states, %.1f MB of ITF; machine: %d cores, load average %.1f%n", STATES,
                Files.size(itf) / 1e6, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path report = out.resolve("report");
        ReviewReport.CounterexampleView big = null;
        double[] first = null;
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int round = 0; round < rounds; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            TraceFile read = TraceFile.read(itf);
            long cpu1 = threads.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            big = new ReviewReport.CounterexampleView("toy", "big", "Long", read.title(), read.trace(),
                    Narration.specOnly("spec actions only (bench)"));
            ReviewReport.write(report, specs, List.of(), List.of(), List.of(big));
            long cpu2 = threads.getCurrentThreadCpuTime();
            long t2 = System.nanoTime();
            double[] r = {(cpu1 - cpu0) / 1e9, (t1 - t0) / 1e9, (cpu2 - cpu1) / 1e9, (t2 - t1) / 1e9};
            if (round == 0) {
                first = r;
            } else {
                for (int i = 0; i < r.length; i++) {
                    best[i] = Math.min(best[i], r[i]);
                }
            }
        }
        int pages = (STATES + ReviewReport.STATES_PER_PAGE - 1) / ReviewReport.STATES_PER_PAGE;
        System.out.printf("%-34s %10s %10s %12s %12s%n", "", "read CPU s", "read s", "render CPU s", "render s");
        System.out.printf("%-34s %10.2f %10.2f %12.2f %12.2f%n", "round 1 (cold JVM)", first[0], first[1], first[2],
                first[3]);
        if (rounds > 1) {
            System.out.printf("%-34s %10.2f %10.2f %12.2f %12.2f%n", "best of rounds 2.." + rounds, best[0], best[1],
                    best[2], best[3]);
        }
        System.out.printf("pages written: %d of %d states, %.1f MB in all%n", pages, ReviewReport.STATES_PER_PAGE,
                size(report.resolve("cx")) / 1e6);

        Optional<Chromium> chromium = Chromium.find(out.resolve("profile"));
        if (chromium.isEmpty()) {
            System.out.println("browser: no chromium on PATH, not measured");
            return;
        }
        Trace small = ReviewReportTest.hostileTrace(6, true);
        ReviewReport.CounterexampleView six = new ReviewReport.CounterexampleView("toy", "small", "Short", "6 states",
                small, Narration.specOnly("spec actions only (bench)"));
        ReviewReport.write(report, specs, List.of(), List.of(), List.of(big, six));
        System.out.printf("%-34s %10s %10s %10s %10s%n", "browser (performance.now)", "best ms", "median ms",
                "layout ms", "elements");
        for (ReviewReport.CounterexampleView v : List.of(big, six)) {
            List<Long> loads = new ArrayList<>();
            Chromium.Load last = null;
            for (int round = 0; round < rounds; round++) {
                last = chromium.get().measure(report.resolve(v.page()));
                loads.add(last.loadedMillis() + last.layoutMillis());
            }
            Collections.sort(loads);
            System.out.printf("%-34s %10d %10d %10d %10d%n", v == big ? "page 1 of the 10,000-state trace"
                    : "the 6-state trace", loads.get(0), loads.get(loads.size() / 2), last.layoutMillis(),
                    last.elements());
        }
        System.out.printf("load average now %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }
}

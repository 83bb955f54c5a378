package dev.lockstep.checker.cli;

import dev.lockstep.checker.gate.ModelRunResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gate's output on a terminal: one line per model once all its runs are in (its failed checks in full), under a
 * progress line rewritten in place each second: models and runs done, elapsed time, and the time left at the pace so
 * far.
 */
final class GateProgress implements AutoCloseable {
    private final PrintWriter out;
    private final int totalRuns;
    private final long totalModels;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private final List<ModelRunResult> model = new ArrayList<>();
    private int runsDone;
    private int modelsDone;
    private int shownWidth;

    GateProgress(PrintWriter out, int totalRuns, long totalModels) {
        this.out = out;
        this.totalRuns = totalRuns;
        this.totalModels = totalModels;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lockstep-gate-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::redraw, 0, 1, TimeUnit.SECONDS);
    }

    /** A run's result; {@code lastOfModel} when it completes its model (results arrive in plan order). */
    synchronized void done(ModelRunResult result, boolean lastOfModel) {
        runsDone++;
        model.add(result);
        if (lastOfModel) {
            modelsDone++;
            clearLine();
            printModel();
            model.clear();
        }
        redraw();
    }

    private void printModel() {
        ModelRunResult first = model.get(0);
        String name = first.run().models().protocol() + "/" + first.run().variant();
        long checks = model.stream().mapToLong(r -> r.checkResults().size()).sum();
        boolean passed = model.stream().allMatch(ModelRunResult::passed);
        out.printf(Locale.ROOT, "%s %-36s %3d checks %12s states %7.1f s%s%n", passed ? "PASS " : "FAIL ", name,
                checks,
                String.format(Locale.ROOT, "%,d", model.stream().mapToLong(r -> r.tlc().stats().distinct()).max()
                        .orElse(0)),
                model.stream().map(ModelRunResult::tlc).mapToDouble(t -> t.stats().seconds()).sum(),
                model.stream().allMatch(ModelRunResult::cached) ? " (cached)" : "");
        for (ModelRunResult r : model) {
            r.checkResults().stream().filter(c -> !c.passed()).forEach(c -> out.println(
                    "       " + c.describe(r.run().models().protocol())));
        }
    }

    private synchronized void redraw() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String left = runsDone == 0 ? "" : ", about " + clock(elapsed.multipliedBy(totalRuns - runsDone)
                .dividedBy(runsDone)) + " left";
        String line = String.format(Locale.ROOT, "[%d/%d models, %d/%d TLC runs] %s%s", modelsDone, totalModels,
                runsDone, totalRuns, clock(elapsed), left);
        out.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
        out.flush();
        shownWidth = line.length();
    }

    private void clearLine() {
        out.print("\r" + " ".repeat(shownWidth) + "\r");
        shownWidth = 0;
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        clearLine();
        out.flush();
    }
}

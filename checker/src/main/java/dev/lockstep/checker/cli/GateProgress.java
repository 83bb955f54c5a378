package dev.lockstep.checker.cli;

import dev.lockstep.checker.gate.ModelRun;
import dev.lockstep.checker.gate.ModelRunResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gate's output on a terminal: one line per model once all its runs are in (its failed checks in full), under a
 * progress line rewritten in place each second: models and runs done, elapsed time, and the time left at the pace so
 * far.
 */
final class GateProgress implements AutoCloseable {
    private final PrintWriter out;
    private final int totalRuns;
    /** Runs still out per model ({@code protocol/variant}). */
    private final Map<String, Integer> runsLeft = new HashMap<>();
    private final int totalModels;
    private final Map<String, List<ModelRunResult>> results = new HashMap<>();
    private final LiveLine line;
    private volatile int runsDone;
    private volatile int modelsDone;

    GateProgress(PrintWriter out, List<ModelRun> runs) {
        this.out = out;
        this.totalRuns = runs.size();
        runs.forEach(r -> runsLeft.merge(name(r), 1, Integer::sum));
        this.totalModels = runsLeft.size();
        this.line = new LiveLine(out, this::describe);
    }

    private static String name(ModelRun run) {
        return run.models().protocol() + "/" + run.variant();
    }

    synchronized void done(ModelRunResult result) {
        runsDone++;
        String model = name(result.run());
        results.computeIfAbsent(model, m -> new ArrayList<>()).add(result);
        if (runsLeft.merge(model, -1, Integer::sum) == 0) {
            modelsDone++;
            List<ModelRunResult> finished = results.remove(model);
            line.printAbove(() -> printModel(model, finished));
        }
        line.redraw();
    }

    private void printModel(String name, List<ModelRunResult> model) {
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

    private String describe(Duration elapsed) {
        int done = runsDone;
        String left = done == 0 ? "" : ", about " + LiveLine.clock(elapsed.multipliedBy(totalRuns - done)
                .dividedBy(done)) + " left";
        return String.format(Locale.ROOT, "[%d/%d models, %d/%d TLC runs] %s%s", modelsDone, totalModels, done,
                totalRuns, LiveLine.clock(elapsed), left);
    }

    @Override
    public void close() {
        line.close();
        out.flush();
    }
}

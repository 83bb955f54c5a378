package dev.lockstep.checker.cli;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.gate.CheckResult;
import dev.lockstep.checker.gate.CounterexampleStore;
import dev.lockstep.checker.gate.ExpectationsFormatException;
import dev.lockstep.checker.gate.Gate;
import dev.lockstep.checker.gate.GateStage;
import dev.lockstep.checker.gate.ModelRun;
import dev.lockstep.checker.gate.ModelRunResult;
import dev.lockstep.checker.gate.ProtocolModels;
import dev.lockstep.checker.gate.ResultCache;
import java.io.PrintWriter;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockstep gate}: the main job. Every model against its expectations, then the further gate stages. */
@Command(name = "gate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check every model under specs/ against its expectations.txt.", "",
            "Each variant's properties that must hold are checked in one TLC run, each",
            "property that must be violated in a run of its own; the counterexample of",
            "every expected violation is written to COUNTEREXAMPLES/<protocol>/<variant>/",
            "<check>.itf.json with a readable .txt next to it. Then the stages other",
            "modules contribute run (refinement of the Java model, counterexample replays)."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0    every outcome is as expected and every stage passed%n"
            + "  1    an outcome departs from its expectation, a model could not be checked,%n"
            + "       or a stage failed%n"
            + "  2    a malformed expectations file or variant config (file:line named),%n"
            + "       or an unknown --protocol%n"
            + "  130  interrupted (Ctrl-C); running TLC processes are stopped%n"})
public final class GateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ProtocolSelection selection;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "2", description = "TLC runs at a time (default 2)")
    int jobs;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "limit per TLC run (default 5m)")
    Duration timeout;

    @Option(names = "--skip-stages", description = "run only the TLC models, not the further stages")
    boolean skipStages;

    @Option(names = "--verbose", description = "every check, run and counterexample on its own line, as when the"
            + " output is not a terminal (CI); on a terminal the gate shows one line per model")
    boolean verbose;

    @Option(names = "--no-cache", description = "run TLC for every check, even where ROOT/target/lockstep-cache holds"
            + " the result of a run with the same inputs (spec files, config, check, TLC and Lockstep builds)")
    boolean noCache;

    @Option(names = "--fresh-jvm", description = "run each TLC model in a JVM of its own instead of in warm worker JVMs"
            + " (same results, slower: a JVM start per model)")
    boolean freshJvm;

    /** The terminal form even when the output is not a terminal (tests). */
    @Option(names = "--live", hidden = true)
    boolean live;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (jobs < 1) {
            err.println("lockstep: --jobs must be at least 1, got " + jobs);
            return ExitCodes.USAGE;
        }
        ImmutableList<ProtocolModels> models;
        try {
            models = selection.models();
        } catch (ExpectationsFormatException | UncheckedIOException | IllegalArgumentException e) {
            err.println("lockstep: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (models.isEmpty()) {
            err.println("lockstep: no protocol with an expectations.txt under " + selection.root.resolve("specs"));
            return ExitCodes.USAGE;
        }
        List<ModelRun> runs = models.stream().flatMap(m -> ModelRun.plan(m).stream()).toList();
        CounterexampleStore store = new CounterexampleStore(selection.root.resolve("counterexamples"));
        out.printf(Locale.ROOT, "Checking %d models of %d protocols in %d TLC runs (%d at a time)%n",
                runs.stream().map(r -> r.models().protocol() + "/" + r.variant()).distinct().count(), models.size(),
                runs.size(), jobs);
        out.flush();
        List<String> failures = new ArrayList<>();
        long tlcStart = System.nanoTime();
        boolean terminal = live || (!verbose && System.console() != null);
        ImmutableList<ModelRunResult> results;
        try (GateProgress progress = terminal ? new GateProgress(out, runs) : null) {
            Optional<ResultCache> cache = noCache ? Optional.empty()
                    : Optional.of(new ResultCache(selection.root.resolve("target").resolve("lockstep-cache")));
            Gate gate = new Gate(timeout, cache, freshJvm, notice -> {
                err.println("lockstep: " + notice);
                err.flush();
            });
            results = gate.executeAll(runs, jobs, result -> {
                report(terminal ? new PrintWriter(Writer.nullWriter()) : out, result, failures);
                if (result.passed() && result.run().expectsViolation()) {
                    Path written = selection.root.relativize(store.write(result));
                    if (!terminal) {
                        out.println("       counterexample: " + written);
                    }
                }
                if (terminal) {
                    progress.done(result);
                }
                out.flush();
            });
        }
        printTable(out, results);
        out.printf(Locale.ROOT, "TLC part: %.1f s wall%n", (System.nanoTime() - tlcStart) / 1e9);
        warnAboutStaleCounterexamples(out, store, models, runs);
        boolean stagesPassed = skipStages
                || runStages(models.stream().map(ProtocolModels::protocol).toList(), out, err);
        if (!failures.isEmpty()) {
            out.println();
            out.println(failures.size() + " check(s) departed from expectations:");
            failures.forEach(f -> out.println("  " + f));
        }
        boolean passed = failures.isEmpty() && stagesPassed;
        out.println(passed ? "gate: PASS" : "gate: FAIL");
        return passed ? ExitCodes.OK : ExitCodes.VIOLATED;
    }

    /** The PASS/FAIL line of each check of a run, then the run's statistics; failed checks go to {@code failures}. */
    static void report(PrintWriter out, ModelRunResult result, List<String> failures) {
        for (CheckResult check : result.checkResults()) {
            String line = check.describe(result.run().models().protocol());
            out.printf(Locale.ROOT, "%s %s%n", check.passed() ? "PASS " : "FAIL ", line);
            if (!check.passed()) {
                failures.add(line);
            }
        }
        out.println("       " + result.summary());
    }

    /** Distinct states and TLC seconds per model; a cached run took no TLC time now. */
    private static void printTable(PrintWriter out, List<ModelRunResult> results) {
        Map<String, List<ModelRunResult>> byModel = results.stream().collect(Collectors.groupingBy(
                r -> r.run().models().protocol() + "/" + r.run().variant(), LinkedHashMap::new, Collectors.toList()));
        int width = byModel.keySet().stream().mapToInt(String::length).max().orElse(0);
        String row = "%-" + width + "s %5s %22s %8s%n";
        out.println();
        out.printf(Locale.ROOT, row, "model", "runs", "distinct states", "seconds");
        byModel.forEach((model, runs) -> out.printf(Locale.ROOT, row, model, runs.size(),
                runs.stream().map(r -> String.format(Locale.ROOT, "%,d", r.tlc().stats().distinct()))
                        .collect(Collectors.joining("/")), seconds(runs)));
        long cached = results.stream().filter(ModelRunResult::cached).count();
        out.printf(Locale.ROOT, row, "total", results.size(), cached == 0 ? "" : cached + " cached", seconds(results));
    }

    private static String seconds(List<ModelRunResult> runs) {
        return String.format(Locale.ROOT, "%.1f",
                runs.stream().filter(r -> !r.cached()).mapToDouble(r -> r.tlc().stats().seconds()).sum());
    }

    /** Counterexamples no expectation produces any more are reported, never deleted: nothing is lost silently. */
    private static void warnAboutStaleCounterexamples(PrintWriter out, CounterexampleStore store,
            List<ProtocolModels> models, List<ModelRun> runs) {
        store.stale(runs, models.stream().map(ProtocolModels::protocol).toList()).forEach(f -> out.println(
                "warning: " + f + " matches no expected violation; remove it if the expectation is gone"));
    }

    /** The stages of the checked protocols, in the order of the protocols. */
    private boolean runStages(List<String> protocols, PrintWriter out, PrintWriter err) {
        List<GateStage> stages = new ArrayList<>();
        ServiceLoader.load(GateStage.Provider.class).forEach(p -> stages.addAll(p.stages()));
        boolean passed = true;
        for (GateStage stage : stages.stream().filter(s -> protocols.contains(s.protocol()))
                .sorted(Comparator.comparingInt(s -> protocols.indexOf(s.protocol()))).toList()) {
            out.println();
            out.println("== " + stage.name());
            out.flush();
            try {
                boolean ok = stage.run(selection.root, out);
                out.println((ok ? "PASS " : "FAIL ") + stage.name());
                passed &= ok;
            } catch (Exception e) {
                err.println("lockstep: stage " + stage.name() + " failed to run: " + e);
                passed = false;
            }
            out.flush();
        }
        return passed;
    }
}

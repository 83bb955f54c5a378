package dev.lockstep.maven;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.gate.CheckResult;
import dev.lockstep.checker.gate.CounterexampleStore;
import dev.lockstep.checker.gate.ExpectationsFormatException;
import dev.lockstep.checker.gate.Gate;
import dev.lockstep.checker.gate.ModelRun;
import dev.lockstep.checker.gate.ModelRunResult;
import dev.lockstep.checker.gate.ProtocolModels;
import dev.lockstep.checker.gate.ResultCache;
import dev.lockstep.checker.tlc.TlcOptions;
import dev.lockstep.maven.JUnitReport.Problem;
import dev.lockstep.maven.JUnitReport.TestCase;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks every protocol folder under {@code specsDirectory} against its {@code expectations.txt}, as {@code lockstep
 * gate} does for its TLC models: the checks that must hold on a variant share one TLC run, each expected violation
 * gets its own, with one worker and a fixed fingerprint so every trace is the same on every run. The counterexample of
 * each expected violation is written under {@code counterexamplesDirectory}; a JUnit XML report per protocol (one test
 * case per check, the counterexample in the failure text) under {@code reportsDirectory}. The build fails when an
 * outcome departs from its expectation or, with {@code committedCounterexamplesDirectory}, when a counterexample differs
 * from the committed one; a malformed expectations file, or a model TLC cannot check (spec or config error, evaluation
 * error, crash, timeout), is an execution error. TLC runs out of the Maven JVM, in warm worker JVMs that check one
 * model after another (or a JVM per model with {@code freshJvm}), killed with their process trees when the build is
 * interrupted.
 */
@Mojo(name = "gate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class GateMojo extends AbstractMojo {
    /** At most this many of TLC's last output lines go into an error's report. */
    private static final int OUTPUT_TAIL_LINES = 200;

    /** The folder whose sub-folders with an {@code expectations.txt} are the protocols to check. */
    @Parameter(property = "lockstep.specsDirectory", defaultValue = "${project.basedir}/specs")
    private File specsDirectory;

    /** Only these protocols (folder names under {@code specsDirectory}); all when empty. Comma-separated as a property. */
    @Parameter(property = "lockstep.protocol")
    private List<String> protocols = new ArrayList<>();

    /** TLC runs at a time. */
    @Parameter(property = "lockstep.jobs", defaultValue = "2")
    private int jobs;

    /** Limit per TLC run: {@code 90s}, {@code 5m}, {@code 2h} or ISO-8601 ({@code PT1M30S}). */
    @Parameter(property = "lockstep.timeout", defaultValue = "5m")
    private String timeout;

    /** Where the JUnit XML reports go: {@code TEST-lockstep.PROTOCOL.xml}, one per protocol. */
    @Parameter(property = "lockstep.reportsDirectory", defaultValue = "${project.build.directory}/lockstep-reports")
    private File reportsDirectory;

    /** Where each expected violation's counterexample goes: {@code PROTOCOL/VARIANT/CHECK.itf.json} and .txt. */
    @Parameter(property = "lockstep.counterexamplesDirectory",
            defaultValue = "${project.build.directory}/lockstep-counterexamples")
    private File counterexamplesDirectory;

    /**
     * Committed counterexamples, in the layout of {@code counterexamplesDirectory}: when set, each counterexample TLC
     * finds must be byte-identical to the committed one, and every committed one must belong to an expected violation.
     */
    @Parameter(property = "lockstep.committedCounterexamplesDirectory")
    private File committedCounterexamplesDirectory;

    /**
     * Reuse the stored result of a run whose inputs are unchanged (the protocol's modules, the config, the check, the
     * TLC and Lockstep builds), kept in the folder {@code lockstep-cache} of the build directory.
     */
    @Parameter(property = "lockstep.cache", defaultValue = "false")
    private boolean cache;

    /**
     * Run each TLC model in a JVM of its own instead of in warm worker JVMs that check one model after another (same
     * results; a JVM start per model).
     */
    @Parameter(property = "lockstep.freshJvm", defaultValue = "false")
    private boolean freshJvm;

    /** The project's build folder; the result cache is its {@code lockstep-cache}. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    private File buildDirectory;

    /** Skip the gate. */
    @Parameter(property = "lockstep.skip", defaultValue = "false")
    private boolean skip;

    /** Skip the gate, as for every test of the build. */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Log log = getLog();
        if (skip || skipTests) {
            log.info("lockstep: gate skipped");
            return;
        }
        if (jobs < 1) {
            throw new MojoExecutionException("lockstep: jobs must be at least 1, got " + jobs);
        }
        Duration perRun;
        ImmutableList<ProtocolModels> models;
        try {
            perRun = TlcOptions.parseDuration(timeout);
            models = Gate.select(Gate.discover(specsDirectory.toPath()), protocols);
        } catch (ExpectationsFormatException | UncheckedIOException | IllegalArgumentException e) {
            throw new MojoExecutionException("lockstep: " + e.getMessage(), e);
        }
        if (models.isEmpty()) {
            throw new MojoExecutionException("lockstep: no protocol folder with an "
                    + ProtocolModels.EXPECTATIONS_FILE + " under " + specsDirectory);
        }
        List<ModelRun> runs = models.stream().flatMap(m -> ModelRun.plan(m).stream()).toList();
        log.info(String.format(Locale.ROOT, "lockstep: checking %d models of %d protocols in %d TLC runs (%d at a time)",
                runs.stream().map(r -> r.models().protocol() + "/" + r.variant()).distinct().count(), models.size(),
                runs.size(), jobs));
        Outcomes outcomes = new Outcomes(log, new CounterexampleStore(counterexamplesDirectory.toPath()),
                Optional.ofNullable(committedCounterexamplesDirectory)
                        .map(f -> new CounterexampleStore(f.toPath().normalize())));
        models.forEach(m -> outcomes.suites.put(m.protocol(), new ArrayList<>()));
        Optional<ResultCache> resultCache = cache
                ? Optional.of(new ResultCache(buildDirectory.toPath().resolve("lockstep-cache"))) : Optional.empty();
        long start = System.nanoTime();
        try {
            new Gate(perRun, resultCache, freshJvm, notice -> log.warn("lockstep: " + notice))
                    .executeAll(runs, jobs, outcomes::record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("lockstep: interrupted; TLC stopped", e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException("lockstep: " + e.getMessage(), e);
        }
        log.info(String.format(Locale.ROOT, "lockstep: TLC part %.1f s wall", (System.nanoTime() - start) / 1e9));
        outcomes.committed.ifPresent(c -> models.forEach(m -> outcomes.checkStale(c, runs, m.protocol())));
        writeReports(outcomes.suites);
        if (!outcomes.undecided.isEmpty()) {
            throw new MojoExecutionException(summary("could not be checked", outcomes.undecided));
        }
        if (!outcomes.departures.isEmpty()) {
            throw new MojoFailureException(summary("departed from expectations", outcomes.departures));
        }
        log.info("lockstep: gate PASS, reports in " + reportsDirectory);
    }

    private String summary(String what, List<String> checks) {
        return "lockstep gate: " + checks.size() + " check(s) " + what + " (reports in " + reportsDirectory + "):\n  "
                + String.join("\n  ", checks);
    }

    private void writeReports(Map<String, List<TestCase>> suites) throws MojoExecutionException {
        for (Map.Entry<String, List<TestCase>> suite : suites.entrySet()) {
            Path file = reportsDirectory.toPath().resolve("TEST-lockstep." + suite.getKey() + ".xml");
            try {
                JUnitReport.write(file, "lockstep." + suite.getKey(), suite.getValue());
            } catch (IOException e) {
                throw new MojoExecutionException("lockstep: cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** What the runs found, as they come in: the log, the counterexamples, the test cases, the verdict. */
    private static final class Outcomes {
        final Log log;
        final CounterexampleStore store;
        final Optional<CounterexampleStore> committed;
        final Map<String, List<TestCase>> suites = new LinkedHashMap<>();
        final List<String> departures = new ArrayList<>();
        final List<String> undecided = new ArrayList<>();

        Outcomes(Log log, CounterexampleStore store, Optional<CounterexampleStore> committed) {
            this.log = log;
            this.store = store;
            this.committed = committed;
        }

        void record(ModelRunResult result) {
            ModelRun run = result.run();
            String protocol = run.models().protocol();
            List<CheckResult> checks = result.checkResults();
            double seconds = result.cached() ? 0 : result.tlc().stats().seconds() / checks.size();
            for (CheckResult check : checks) {
                String line = check.describe(protocol);
                Optional<Path> written = check.passed() && run.expectsViolation()
                        ? Optional.of(store.write(result)) : Optional.empty();
                Optional<Problem> problem = check.passed() ? written.flatMap(f -> counterexampleProblem(result, line))
                        : Optional.of(departure(result, check, line));
                if (problem.isEmpty()) {
                    log.info("PASS  " + line);
                } else {
                    log.error("FAIL  " + problem.get().message());
                    (problem.get().error() ? undecided : departures).add(problem.get().message());
                }
                written.ifPresent(f -> log.info("      counterexample: " + f));
                suites.get(protocol).add(new TestCase(protocol + "." + run.variant(), check.expectation().kind()
                        .keyword() + " " + check.expectation().checkName() + " " + check.expectation().expected()
                        .keyword(), seconds, problem));
            }
            log.info("      " + result.summary());
            if (log.isDebugEnabled()) {
                result.tlc().rawOutput().lines().forEach(log::debug);
            }
        }

        /** A problem when the counterexample just written differs from the committed one. */
        private Optional<Problem> counterexampleProblem(ModelRunResult result, String line) {
            return committed.flatMap(c -> store.mismatch(result.run(), c)).map(why -> new Problem(false,
                    "counterexample changed", line + ": " + why,
                    why + "\nRerun the gate and review the new trace.\n\n" + CounterexampleStore.readable(result)));
        }

        /** A check that departed (TLC decided otherwise) or was not decided (TLC could not check the model). */
        private Problem departure(ModelRunResult result, CheckResult check, String line) {
            if (check.actual().isEmpty() && result.tlc().verdict().isError()) {
                String output = tail(result.tlc().rawOutput());
                return new Problem(true, result.tlc().verdict().slug(), line, line + "\n\nTLC's output:\n" + output);
            }
            String text = line + result.tlc().trace().map(t -> "\n\nTLC found: " + result.tlc().describe() + "\n\n"
                    + CounterexampleStore.traceText(t)).orElse("");
            text.lines().skip(1).forEach(log::error);
            return new Problem(false, "expectation departed", line, text);
        }

        /** A committed counterexample no expected violation of {@code protocol} produces fails as a test case. */
        void checkStale(CounterexampleStore committedStore, List<ModelRun> runs, String protocol) {
            List<Path> stale = committedStore.stale(runs, List.of(protocol));
            Optional<Problem> problem = stale.isEmpty() ? Optional.empty() : Optional.of(new Problem(false,
                    "stale counterexample", protocol + ": " + stale.size() + " committed counterexample(s) match no "
                    + "expected violation", String.join("\n", stale.stream().map(Path::toString).toList())
                    + "\nRemove them if their expectation is gone."));
            problem.ifPresent(p -> {
                log.error("FAIL  " + p.message());
                p.text().lines().forEach(log::error);
                departures.add(p.message());
            });
            suites.get(protocol).add(new TestCase(protocol + ".counterexamples", "no stale counterexample", 0,
                    problem));
        }

        private static String tail(String output) {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size()));
        }
    }
}

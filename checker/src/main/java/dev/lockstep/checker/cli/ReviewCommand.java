package dev.lockstep.checker.cli;

import dev.lockstep.checker.explain.ExpressionException;
import dev.lockstep.checker.explain.Narration;
import dev.lockstep.checker.explain.Narrator;
import dev.lockstep.checker.explain.TraceFile;
import dev.lockstep.checker.gate.CheckResult;
import dev.lockstep.checker.gate.CounterexampleStore;
import dev.lockstep.checker.gate.ExpectationsFormatException;
import dev.lockstep.checker.gate.Expectation;
import dev.lockstep.checker.gate.Gate;
import dev.lockstep.checker.gate.JavaModelRecords;
import dev.lockstep.checker.gate.ModelRun;
import dev.lockstep.checker.gate.ModelRunResult;
import dev.lockstep.checker.gate.ProtocolModels;
import dev.lockstep.checker.gate.ResultCache;
import dev.lockstep.checker.review.ReviewReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockstep review}: the static HTML report of every model, check and counterexample. */
@Command(name = "review", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a static HTML report: ROOT/target/lockstep-review/index.html.", "",
            "The index lists every protocol, variant and check with its expectation, the",
            "outcome and TLC figures the last gate stored for today's inputs (from",
            "ROOT/target/lockstep-cache; review runs no TLC), and the replay of each",
            "counterexample on the Java model; per variant, the Java model's coverage of",
            "TLC's reachable graph and the counterexample replays the last gate recorded",
            "(ROOT/target/lockstep-java; \"not run\" when the gate's Java stages did not run",
            "on today's inputs). Each counterexample has a page: the explain",
            "scenario, then per step the kernel operations, the expressions and the change",
            "as a nested diff (added, modified, removed; unchanged parts folded), the lasso's",
            "loop marked, each action linked to its line in a rendered copy of the spec.",
            "Plain HTML with an inline style sheet and no script: open it from a file."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0    the report is written%n"
            + "  2    usage error, a malformed expectations file, an unreadable counterexample,%n"
            + "       or an expression that does not parse or check%n"
            + "  3    internal error%n"})
public final class ReviewCommand implements Callable<Integer> {
    /** Expressions evaluated on every counterexample of a protocol, one a line ({@code #} starts a comment line). */
    static final String EXPRESSIONS_FILE = "review-exprs.txt";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ProtocolSelection selection;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write (default: ROOT/target/lockstep-review)")
    Path out;

    @Option(names = "--expr", paramLabel = "EXPR", description = "a TLA+ expression to evaluate on every"
            + " counterexample (repeatable); default: the lines of specs/<protocol>/" + EXPRESSIONS_FILE)
    List<String> expressions = new ArrayList<>();

    @Option(names = "--open", description = "open the index in the desktop's browser when written")
    boolean open;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<ProtocolModels> models;
        try {
            models = selection.models();
        } catch (ExpectationsFormatException | UncheckedIOException | IllegalArgumentException e) {
            err.println("lockstep: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Path target = out != null ? out : selection.root.resolve("target").resolve("lockstep-review");
        Gate gate = new Gate(Duration.ofMinutes(5), Optional.of(new ResultCache(
                selection.root.resolve("target").resolve("lockstep-cache"))));
        CounterexampleStore store = new CounterexampleStore(selection.root.resolve("counterexamples"));
        List<ReviewReport.Check> checks = new ArrayList<>();
        List<ReviewReport.CounterexampleView> views = new ArrayList<>();
        List<ReviewReport.JavaModel> javaModels = new ArrayList<>();
        JavaModelRecords records = new JavaModelRecords(selection.root);
        try {
            for (ProtocolModels m : models) {
                String protocol = m.protocol();
                List<String> exprs = expressions.isEmpty() ? reviewExpressions(m.folder()) : expressions;
                Map<Path, ReviewReport.CounterexampleView> byFile = new HashMap<>();
                for (Path file : counterexamples(store.root().resolve(protocol))) {
                    TraceFile t = TraceFile.read(file);
                    String variant = file.getParent().getFileName().toString();
                    String name = file.getFileName().toString();
                    String check = name.substring(0, name.length() - CounterexampleStore.ITF_SUFFIX.length());
                    ReviewReport.CounterexampleView v = new ReviewReport.CounterexampleView(protocol, variant, check,
                            t.title(), t.trace(), narrate(file, t, exprs));
                    views.add(v);
                    byFile.put(file, v);
                }
                for (String variant : m.variants()) {
                    javaModels.add(javaModel(records, protocol, variant));
                }
                for (ModelRun run : ModelRun.plan(m)) {
                    Optional<ModelRunResult> result = gate.cached(run);
                    for (Expectation e : run.checks()) {
                        Optional<CheckResult> r = result.flatMap(res -> res.checkResults().stream()
                                .filter(c -> c.expectation().equals(e)).findFirst());
                        Optional<ReviewReport.CounterexampleView> v = Optional.ofNullable(
                                byFile.get(store.itfFile(protocol, e.variant(), e.checkName())));
                        checks.add(new ReviewReport.Check(protocol, e, r,
                                result.map(res -> res.tlc().stats()), v.map(ReviewReport.CounterexampleView::page),
                                v.map(x -> replay(x.narration())).orElse("")));
                    }
                }
            }
        } catch (ExpressionException | IllegalArgumentException e) {
            err.println("lockstep: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Path index = ReviewReport.write(target, selection.root.resolve("specs"), checks, javaModels, views);
        spec.commandLine().getOut().println("review: " + index.toAbsolutePath().normalize() + " (" + checks.size()
                + " checks, " + views.size() + " counterexamples)");
        if (open) {
            openInBrowser(index, err);
        }
        return ExitCodes.OK;
    }

    /** What the last gate's Java stages recorded for the variant; an unreadable record is shown as such. */
    private static ReviewReport.JavaModel javaModel(JavaModelRecords records, String protocol, String variant) {
        try {
            return new ReviewReport.JavaModel(protocol, variant, records.read(protocol, variant), Optional.empty());
        } catch (JavaModelRecords.UnreadableRecordException e) {
            return new ReviewReport.JavaModel(protocol, variant, Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    /** A counterexample's narration; one that fails is shown as the failure, the report goes on. */
    private Narration narrate(Path file, TraceFile t, List<String> exprs) {
        try {
            return Narrator.withFirst(selection.root, file, t.trace(), exprs);
        } catch (ExpressionException e) {
            throw e;
        } catch (RuntimeException e) {
            return Narration.specOnly("spec actions only: the narration failed: " + e.getMessage());
        }
    }

    /** The replay's verdict from the narration's first line. */
    private static String replay(Narration n) {
        String s = n.source();
        return s.startsWith("kernel operations") ? s.substring(s.indexOf("): ") + 3)
                : "none (" + s.replaceFirst("^spec actions only: ", "") + ")";
    }

    private static List<String> reviewExpressions(Path specDir) throws IOException {
        Path f = specDir.resolve(EXPRESSIONS_FILE);
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        return Files.readAllLines(f).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }

    private static List<Path> counterexamples(Path protocolDir) throws IOException {
        if (!Files.isDirectory(protocolDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(protocolDir, 2)) {
            return files.filter(f -> protocolDir.relativize(f).getNameCount() == 2)
                    .filter(f -> f.getFileName().toString().endsWith(CounterexampleStore.ITF_SUFFIX)).sorted().toList();
        }
    }

    private static void openInBrowser(Path index, PrintWriter err) {
        try {
            new ProcessBuilder("xdg-open", index.toAbsolutePath().toString()).inheritIO().start();
        } catch (IOException e) {
            err.println("lockstep: cannot open a browser (" + e.getMessage() + "); open "
                    + index.toAbsolutePath().toUri());
        }
    }
}

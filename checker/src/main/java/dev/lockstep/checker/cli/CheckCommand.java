package dev.lockstep.checker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.gate.CounterexampleStore;
import dev.lockstep.checker.gate.ExpectationsFormatException;
import dev.lockstep.checker.gate.Gate;
import dev.lockstep.checker.gate.ModelRun;
import dev.lockstep.checker.gate.ProtocolModels;
import dev.lockstep.checker.itf.ItfWriter;
import dev.lockstep.checker.tlc.Stats;
import dev.lockstep.checker.tlc.TlcOptions;
import dev.lockstep.checker.tlc.TlcResult;
import dev.lockstep.checker.tlc.TlcRunner;
import dev.lockstep.checker.tlc.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockstep check}: runs TLC on one model and reports the verdict, statistics and counterexample. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Model-check SPEC with TLC and report the verdict.", "",
            "SPEC may also name a gate model, PROTOCOL/VARIANT (e.g. dax/refcount-relaxed):",
            "every check of that variant then runs against specs/PROTOCOL/expectations.txt,",
            "each counterexample is printed, and the exit code is 0 when every outcome is",
            "as declared, 1 otherwise. Otherwise:", "",
            "Runs TLC in its own JVM with a fresh metadir and prints the verdict (ok,",
            "invariant NAME violated, deadlock, temporal property violated, action",
            "property NAME violated, assertion failed, assumption false, or an error",
            "with file:line:col), the counterexample, states generated, distinct",
            "states, depth and wall time. With --out the counterexample is also",
            "written as ITF JSON and as readable text."},
        footerHeading = "%nExit codes:%n", footer = {ExitCodes.HELP})
public final class CheckCommand implements Callable<Integer> {
    /** Loaded on first use: Jackson's classes cost startup time, and only --json needs them. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SPEC", description = {"the root module, SPEC.tla; or a model PROTOCOL/VARIANT under",
        "ROOT/specs (e.g. dax/refcount-relaxed): every check of that variant against its expectations.txt, with",
        "the counterexamples printed"})
    Path specFile;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
            description = "where specs/ is, for SPEC given as PROTOCOL/VARIANT (default: current folder)")
    Path root;

    @Option(names = "--config", paramLabel = "FILE", description = "TLC config (default: SPEC.cfg next to the spec)")
    Path config;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1", description = "TLC worker threads (default 1)")
    int workers;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop TLC after this long, exit 3 (e.g. 90s, 5m, 2h, PT1M30S)")
    Duration timeout;

    @Option(names = "--json", description = "print one JSON document: verdict, property, message, stats, trace (ITF)")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR",
            description = "write the counterexample to DIR/<property-or-verdict>.itf.json and .txt")
    Path out;

    @Option(names = "--tlc-heap", paramLabel = "SIZE", description = "maximum heap of TLC's JVM, as -Xmx (e.g. 2g)")
    String tlcHeap;

    @Option(names = "--tlc-arg", paramLabel = "ARG",
            description = "extra TLC option, repeatable, placed before the spec (e.g. --tlc-arg=-fp --tlc-arg=1)")
    List<String> tlcArgs = new ArrayList<>();

    @Option(names = "--metadir-parent", paramLabel = "DIR", hidden = true,
            description = "where TLC's temporary metadir is created (default: the system temp folder)")
    Path metadirParent;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (workers < 1) {
            stderr.println("lockstep: --workers must be at least 1, got " + workers);
            return ExitCodes.USAGE;
        }
        if (tlcHeap != null && !TlcOptions.isHeapSize(tlcHeap)) {
            stderr.println("lockstep: --tlc-heap '" + tlcHeap + "' is not a size like 512m or 4g");
            return ExitCodes.USAGE;
        }
        if (!specFile.toString().endsWith(".tla") && !Files.exists(specFile)) {
            return checkModel(stdout, stderr);
        }
        if (config == null && Files.exists(specFile)
                && !Files.exists(TlcOptions.builder(specFile).build().effectiveConfig())) {
            stderr.println("lockstep: " + missingConfig());
            return ExitCodes.USAGE;
        }
        if (out != null) {
            Optional<String> problem = checkWritable(out);
            if (problem.isPresent()) {
                stderr.println("lockstep: " + problem.get());
                return ExitCodes.USAGE;
            }
        }
        TlcResult result;
        try (ConsoleProgress progress = new ConsoleProgress(stderr, System.console() != null)) {
            result = TlcRunner.run(options(), progress);
        }
        if (result.verdict() == Verdict.INTERRUPTED) {
            // The JVM is going down (signal); write nothing so no output file is left half-done.
            stderr.println("lockstep: interrupted; TLC stopped");
            return result.verdict().exitCode();
        }
        List<Path> written = new ArrayList<>();
        if (out != null) {
            try {
                written = result.writeCounterexample(out, specFile.getFileName().toString());
            } catch (IOException e) {
                stderr.println("lockstep: cannot write the counterexample to " + out + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        if (json) {
            stdout.println(toJson(result, written));
        } else {
            printHuman(stdout, result, written);
        }
        stdout.flush();
        return result.verdict().exitCode();
    }

    /** Every check of one gate model against its expectations; 0 when all are as expected. */
    private int checkModel(PrintWriter stdout, PrintWriter stderr) {
        ImmutableList<ModelRun> runs;
        try {
            runs = Gate.runsOf(root.resolve("specs"), specFile.toString());
        } catch (IllegalArgumentException | ExpectationsFormatException | UncheckedIOException e) {
            stderr.println("lockstep: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        stdout.printf(Locale.ROOT, "Checking %s against %s: %d TLC run(s), 2 at a time%n", specFile,
                runs.get(0).models().folder().resolve(ProtocolModels.EXPECTATIONS_FILE), runs.size());
        stdout.flush();
        List<String> failures = new ArrayList<>();
        try {
            new Gate(timeout == null ? Duration.ofMinutes(5) : timeout).executeAll(runs, 2, result -> {
                GateCommand.report(stdout, result, failures);
                if (result.tlc().trace().isPresent()) {
                    stdout.println();
                    stdout.println(CounterexampleStore.readable(result));
                }
                stdout.flush();
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("lockstep: interrupted; TLC stopped");
            return Verdict.INTERRUPTED.exitCode();
        }
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.VIOLATED;
    }

    /** Which configs the spec's folder has, and the variants of its expectations, if it has one. */
    private String missingConfig() {
        Path folder = specFile.toAbsolutePath().getParent();
        String base = specFile.getFileName().toString().replaceFirst("\\.tla$", "");
        List<String> configs;
        try (Stream<Path> files = Files.list(folder)) {
            configs = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".cfg")).sorted().toList();
        } catch (IOException e) {
            configs = List.of();
        }
        String message = "no " + base + ".cfg next to " + specFile;
        if (configs.isEmpty()) {
            return message + " (pass --config FILE)";
        }
        message += "; pass --config with one of " + String.join(", ", configs);
        if (Files.exists(folder.resolve(ProtocolModels.EXPECTATIONS_FILE))) {
            String variant = configs.stream().filter(c -> !c.startsWith("mutant-")).findFirst().orElse(configs.get(0));
            message += ", or check a variant against its expectations: lockstep check " + folder.getFileName() + "/"
                    + variant.replaceFirst("\\.cfg$", "");
        }
        return message;
    }

    private TlcOptions options() {
        TlcOptions.Builder b = TlcOptions.builder(specFile).workers(workers).extraTlcArgs(tlcArgs);
        if (config != null) {
            b.config(config);
        }
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (tlcHeap != null) {
            b.tlcHeap(tlcHeap);
        }
        if (metadirParent != null) {
            b.metadirParent(metadirParent);
        }
        return b.build();
    }

    /** Checked before TLC runs, so a long run does not end in a file that cannot be written. */
    static Optional<String> checkWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".lockstep-probe-", ".tmp");
            Files.delete(probe);
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("cannot write to output folder " + dir + ": " + describe(e));
        }
    }

    private static String describe(Exception e) {
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? name : name + " " + e.getMessage();
    }

    private String toJson(TlcResult result, List<Path> written) {
        ObjectMapper json = Json.MAPPER;
        ObjectNode root = json.createObjectNode();
        root.put("verdict", result.verdict().slug());
        root.put("description", result.describe());
        result.property().ifPresent(p -> root.put("property", p));
        result.errorMessage().ifPresent(m -> root.put("message", m));
        Stats s = result.stats();
        ObjectNode stats = root.putObject("stats");
        stats.put("generated", s.generated());
        stats.put("distinct", s.distinct());
        stats.put("depth", s.depth());
        stats.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
        try {
            if (result.trace().isPresent()) {
                root.set("trace", json.readTree(ItfWriter.write(result.trace().get(), ImmutableMap.of())));
            } else {
                root.putNull("trace");
            }
            written.forEach(p -> root.withArray("files").add(p.toString()));
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ITF writer produced invalid JSON", e);
        }
    }

    private static void printHuman(PrintWriter stdout, TlcResult result, List<Path> written) {
        stdout.print(result.report());
        if (!written.isEmpty()) {
            stdout.println("counterexample written to " + String.join(" and ", written.stream().map(Path::toString)
                    .toList()));
        }
    }
}

package dev.lockstep.checker.gate;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.io.AtomicFiles;
import dev.lockstep.checker.itf.ItfWriter;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Stores the counterexample of each expected violation as {@code <root>/<protocol>/<variant>/<check>.itf.json} with a
 * readable {@code .txt} next to it. Both files depend only on the trace and its names (no time, no host), so a rerun
 * writes byte-identical files.
 */
public record CounterexampleStore(Path root) {
    public static final String ITF_SUFFIX = ".itf.json";
    public static final String TEXT_SUFFIX = ".txt";

    public Path itfFile(String protocol, String variant, String check) {
        return root.resolve(protocol).resolve(variant).resolve(check + ITF_SUFFIX);
    }

    public Path textFile(String protocol, String variant, String check) {
        return root.resolve(protocol).resolve(variant).resolve(check + TEXT_SUFFIX);
    }

    /** Where the counterexample of a run that expects a violation is stored. */
    public Path itfFile(ModelRun run) {
        return itfFile(run.models().protocol(), run.variant(), run.checks().get(0).checkName());
    }

    /**
     * Stored counterexamples under the folders of {@code protocols} that none of {@code runs} produces: left over
     * from an expectation that is gone or renamed.
     */
    public ImmutableList<Path> stale(List<ModelRun> runs, Collection<String> protocols) {
        Set<Path> current = runs.stream().filter(ModelRun::expectsViolation).map(this::itfFile)
                .collect(Collectors.toSet());
        ImmutableList.Builder<Path> stale = ImmutableList.builder();
        for (String protocol : protocols) {
            Path folder = root.resolve(protocol);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                files.filter(f -> f.toString().endsWith(ITF_SUFFIX)).filter(f -> !current.contains(f)).sorted()
                        .forEach(stale::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
            }
        }
        return stale.build();
    }

    /** Writes the counterexample of a passed violation run; returns the ITF file. */
    public Path write(ModelRunResult result) {
        ModelRun run = result.run();
        Expectation check = run.checks().get(0);
        Trace trace = result.tlc().trace().orElseThrow(
                () -> new IllegalStateException(run.describe() + ": TLC reported " + result.tlc().describe()
                        + " without a trace"));
        String protocol = run.models().protocol();
        ImmutableMap<String, String> meta = ImmutableMap.of(
                "source", "lockstep gate",
                "spec", run.models().specModule(),
                "protocol", protocol,
                "variant", run.variant(),
                "check", check.kind().keyword() + check.name().map(n -> " " + n).orElse(""),
                "verdict", result.tlc().describe());
        Path itf = itfFile(run);
        try {
            AtomicFiles.write(itf, ItfWriter.write(trace, meta));
            AtomicFiles.write(textFile(protocol, run.variant(), check.checkName()), readable(result));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write counterexample " + itf + ": " + e.getMessage(), e);
        }
        return itf;
    }

    /**
     * Why the counterexample this store holds for {@code run} (see {@link #write}) is not byte-identical to the one
     * {@code committed} holds, its ITF or its text; empty when both are.
     */
    public Optional<String> mismatch(ModelRun run, CounterexampleStore committed) {
        String protocol = run.models().protocol();
        String check = run.checks().get(0).checkName();
        for (Path mine : List.of(itfFile(protocol, run.variant(), check), textFile(protocol, run.variant(), check))) {
            Path theirs = committed.root().resolve(root.relativize(mine));
            try {
                if (!Files.isRegularFile(theirs)) {
                    return Optional.of(theirs + " is missing");
                }
                if (Files.mismatch(mine, theirs) >= 0) {
                    return Optional.of(theirs + " differs from what TLC finds now (" + mine + ")");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot compare " + mine + " with " + theirs + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    /** The readable text of a violation run's counterexample: the verdict, the actor columns, the full changes. */
    public static String readable(ModelRunResult result) {
        ModelRun run = result.run();
        Expectation check = run.checks().get(0);
        return run.models().specModule() + " variant " + run.variant() + ": " + result.tlc().describe()
                + " (expected: " + check.kind().keyword() + " " + check.checkName() + " " + check.expected().keyword()
                + ")\n\n"
                + traceText(result.tlc().trace().orElseThrow());
    }

    /** A counterexample as the gate shows it: one column per actor, then every step's full state change. */
    public static String traceText(Trace trace) {
        return TraceRenderer.renderColumns(trace, StepActors.of(trace))
                + "\nFull state changes\n\n"
                + TraceRenderer.render(trace);
    }
}

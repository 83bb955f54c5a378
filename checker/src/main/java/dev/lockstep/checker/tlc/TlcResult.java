package dev.lockstep.checker.tlc;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.io.AtomicFiles;
import dev.lockstep.checker.itf.ItfWriter;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceRenderer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one TLC run.
 *
 * @param property the violated invariant or action property when TLC names it
 * @param trace the counterexample, also for an evaluation error TLC shows a behaviour for
 * @param errorMessage one line explaining an error verdict ({@code Spec.tla:5:14: Unknown operator: `y'.}), or TLC's
 *     detail for a violation (the assertion's message, the false assumption's location)
 * @param rawOutput what TLC printed (stdout and stderr), capped at {@link TlcRunner#RAW_OUTPUT_LIMIT} characters
 */
public record TlcResult(Verdict verdict, Optional<String> property, Stats stats, Optional<Trace> trace,
        Optional<String> errorMessage, String rawOutput) {
    public TlcResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(rawOutput, "rawOutput");
    }

    /** A result for a run that never started because its inputs are unusable. */
    static TlcResult rejected(Verdict verdict, String message) {
        return new TlcResult(verdict, Optional.empty(), Stats.NONE, Optional.empty(), Optional.of(message), "");
    }

    /** {@code ok}, {@code invariant Safe violated}, {@code deadlock}, ... */
    public String describe() {
        return verdict.describe(property);
    }

    /** The verdict with its message, the counterexample (only what changed per step) and the statistics. */
    public String report() {
        StringBuilder text = new StringBuilder(describe()).append(errorMessage.map(m -> ": " + m).orElse(""))
                .append('\n');
        trace.ifPresent(t -> text.append(TraceRenderer.render(t)));
        return text.append(String.format(Locale.ROOT, "%,d states generated, %,d distinct states, depth %d, %.2f s%n",
                stats.generated(), stats.distinct(), stats.depth(), stats.seconds())).toString();
    }

    /**
     * Writes the counterexample to {@code dir/<property-or-verdict>.itf.json} (ITF, {@code #meta} naming {@code source}
     * and the verdict) and a readable {@code .txt}, each atomically; returns both files, none without a trace.
     */
    public ImmutableList<Path> writeCounterexample(Path dir, String source) throws IOException {
        if (trace.isEmpty()) {
            return ImmutableList.of();
        }
        String base = property.orElse(verdict.slug());
        Path itf = dir.resolve(base + ".itf.json");
        Path txt = dir.resolve(base + ".txt");
        AtomicFiles.write(itf, ItfWriter.write(trace.get(), ImmutableMap.of("source", source, "verdict", describe())));
        AtomicFiles.write(txt, TraceRenderer.render(trace.get()));
        return ImmutableList.of(itf, txt);
    }
}

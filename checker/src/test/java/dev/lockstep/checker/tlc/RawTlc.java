package dev.lockstep.checker.tlc;

import dev.lockstep.checker.io.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs TLC the plain way (no {@code -tool}) and reads verdict and distinct-state count from its human-readable
 * output and exit status: an oracle independent of the checker's message-code parsing.
 */
record RawTlc(int exitCode, String output) {
    private static final Pattern DISTINCT = Pattern.compile("([\\d,]+) distinct states found");

    static RawTlc run(Path spec, Path config, int workers) throws IOException, InterruptedException {
        Path metadir = Files.createTempDirectory("raw-tlc-");
        try {
            String module = spec.getFileName().toString().replaceFirst("\\.tla$", "");
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Its own tmpdir, as TlcRunner gives TLC: TLC extracts its standard modules there, and in a
                    // shared /tmp a concurrent TLC can be caught half-way writing them (a parse error).
                    "-XX:+UseParallelGC", "-Djava.io.tmpdir=" + metadir, "-cp", TlcRunner.tlaToolsJar().toString(), "tlc2.TLC", "-metadir",
                    metadir.toString(), "-config", config.toAbsolutePath().toString(), "-workers",
                    Integer.toString(workers), module))
                    .directory(spec.toAbsolutePath().getParent().toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new RawTlc(p.waitFor(), output);
        } finally {
            FileTrees.delete(metadir);
        }
    }

    /** The last "N distinct states found" TLC printed, 0 if it printed none (e.g. a violating initial state). */
    long distinct() {
        Matcher m = DISTINCT.matcher(output);
        long last = 0;
        while (m.find()) {
            last = Long.parseLong(m.group(1).replace(",", ""));
        }
        return last;
    }

    /** TLC's exit status (tlc2.output.EC.ExitStatus) refined by the words of its error line. */
    Verdict verdict() {
        return switch (exitCode) {
            case 0 -> Verdict.OK;
            case 10 -> Verdict.ASSUMPTION_FALSE;
            case 11 -> Verdict.DEADLOCK;
            case 12, 13 -> output.contains("Error: Action property") ? Verdict.ACTION_PROPERTY_VIOLATED
                    : output.contains("Error: Invariant") ? Verdict.INVARIANT_VIOLATED : Verdict.TEMPORAL_VIOLATED;
            case 14 -> Verdict.ASSERTION_FAILED;
            case 75 -> Verdict.EVALUATION_ERROR;
            case 150 -> Verdict.SPEC_ERROR;
            case 151 -> Verdict.CONFIG_ERROR;
            default -> output.contains("The error occurred when TLC was evaluating") ? Verdict.EVALUATION_ERROR
                    : Verdict.TLC_CRASH;
        };
    }
}

package dev.lockstep.checker.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.checker.itf.ItfFormatException;
import dev.lockstep.checker.itf.ItfReader;
import dev.lockstep.checker.trace.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A counterexample file as the gate writes it, and its heading as the gate's readable file starts
 * ({@code DaxReclaim variant refcount-relaxed: invariant NoReclaimWhileInUse violated}, from the ITF's {@code #meta}).
 */
public record TraceFile(Path file, Trace trace, String title) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException with a one-line message naming the file when it cannot be read or parsed */
    public static TraceFile read(Path file) {
        try {
            String json = Files.readString(file);
            Trace trace = ItfReader.read(json);
            JsonNode meta = JSON.readTree(json).path("#meta");
            String spec = meta.path("spec").asText("");
            String variant = meta.path("variant").asText("");
            String verdict = meta.path("verdict").asText("");
            String head = (spec + (variant.isEmpty() ? "" : " variant " + variant)).trim();
            return new TraceFile(file, trace, (head.isEmpty() ? file.getFileName().toString() : head)
                    + (verdict.isEmpty() ? "" : ": " + verdict));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
        } catch (ItfFormatException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage().replaceAll("\\R+", " "), e);
        }
    }
}

package dev.lockstep.refinement.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.itf.ItfFormatException;
import dev.lockstep.checker.itf.ItfReader;
import dev.lockstep.checker.trace.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds and reads the counterexamples of one protocol: every {@code <variant>/<property>.itf.json} below
 * {@code counterexamples/<protocol>/}. Listing never reads a file, so one corrupt file cannot hide the others; reading
 * one fails with a {@link CounterexampleFormatException} whose one-line message names the file and the position.
 */
public final class CounterexampleFiles {
    public static final String SUFFIX = ".itf.json";
    /** Larger files are refused unread: counterexamples of bounded models are a few kilobytes. */
    public static final long MAX_BYTES = 16L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private CounterexampleFiles() {}

    /** The ITF files of {@code protocolDir}'s variant folders, sorted by path; empty if the folder does not exist. */
    public static ImmutableList<Path> list(Path protocolDir) {
        if (!Files.isDirectory(protocolDir)) {
            return ImmutableList.of();
        }
        try (Stream<Path> files = Files.walk(protocolDir, 2)) {
            return files.filter(f -> protocolDir.relativize(f).getNameCount() == 2)
                    .filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .collect(ImmutableList.toImmutableList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code file} (a path returned by {@link #list}). */
    public static Counterexample read(Path file) {
        String protocol = file.getParent().getParent().getFileName().toString();
        String variant = file.getParent().getFileName().toString();
        String name = file.getFileName().toString();
        String propertyName = name.substring(0, name.length() - SUFFIX.length());
        if (propertyName.isEmpty()) {
            throw new CounterexampleFormatException(file + ": the file name names no property");
        }
        String json;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new CounterexampleFormatException(file + ": " + Files.size(file) + " bytes, more than the "
                        + MAX_BYTES + " a counterexample may have");
            }
            json = Files.readString(file);
        } catch (IOException e) {
            throw new CounterexampleFormatException(file + ": cannot be read: " + e, e);
        }
        Trace trace;
        try {
            trace = ItfReader.read(json);
        } catch (ItfFormatException e) {
            throw new CounterexampleFormatException(file + ": " + oneLine(e.getMessage()), e);
        }
        JsonNode meta = checkMetaVariant(file, json, variant);
        ViolatedProperty property = property(file, propertyName, trace);
        if (property.kind() == ViolatedProperty.Kind.INVARIANT
                && meta.path("check").asText("").equals("witness " + propertyName)) {
            property = new ViolatedProperty(ViolatedProperty.Kind.WITNESS, propertyName);
        }
        if (property.kind() == ViolatedProperty.Kind.INVARIANT
                && meta.path("verdict").asText("").startsWith("action property " + propertyName)) {
            property = new ViolatedProperty(ViolatedProperty.Kind.ACTION, propertyName);
        }
        return new Counterexample(file, protocol, variant, property, trace);
    }

    /** The kind follows from the file name (the gate names deadlocks {@code deadlock}) and the trace's shape. */
    private static ViolatedProperty property(Path file, String name, Trace trace) {
        boolean infinite = trace.loop().isPresent() || trace.stuttering();
        if (name.equals(ViolatedProperty.DEADLOCK)) {
            if (infinite) {
                throw new CounterexampleFormatException(file + ": a deadlock counterexample must be finite, "
                        + "this one " + (trace.stuttering() ? "stutters" : "loops back to state "
                        + (trace.loop().getAsInt() + 1)));
            }
            return new ViolatedProperty(ViolatedProperty.Kind.DEADLOCK, name);
        }
        return new ViolatedProperty(infinite ? ViolatedProperty.Kind.TEMPORAL : ViolatedProperty.Kind.INVARIANT, name);
    }

    /** Checks #meta.variant against the folder and returns #meta (a missing node if absent). */
    private static JsonNode checkMetaVariant(Path file, String json, String folderVariant) {
        JsonNode root;
        try {
            // ItfReader has accepted the text already (syntax, nesting and size limits), so this parse succeeds.
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new CounterexampleFormatException(file + ": " + e.getMessage(), e);
        }
        JsonNode meta = root.path("#meta");
        JsonNode variant = meta.path("variant");
        if (variant.isMissingNode()) {
            return meta;
        }
        if (!variant.isTextual()) {
            throw new CounterexampleFormatException(file + ": #meta.variant must be a string, found "
                    + variant.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (!variant.textValue().equals(folderVariant)) {
            throw new CounterexampleFormatException(file + ": #meta.variant " + quote(variant.textValue())
                    + " does not match the folder's variant " + quote(folderVariant));
        }
        return meta;
    }

    /** Messages from the reader are meant to be one line; a hostile file must not be able to break that. */
    static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("[\\r\\n]+", " ");
    }

    /** Quotes a string from the file for a one-line message: control characters escaped, long strings cut. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (s.codePointCount(0, s.length()) > 80) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}

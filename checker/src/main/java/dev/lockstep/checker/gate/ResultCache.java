package dev.lockstep.checker.gate;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.lockstep.checker.io.AtomicFiles;
import dev.lockstep.checker.itf.ItfReader;
import dev.lockstep.checker.itf.ItfWriter;
import dev.lockstep.checker.tlc.Stats;
import dev.lockstep.checker.tlc.TlcResult;
import dev.lockstep.checker.tlc.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Results of earlier gate runs, by the hash of everything a run depends on: the files TLC reads (the protocol's
 * modules, the wrapper module and config of the check), TLC's arguments, and the bytes of TLC and of the checker
 * itself (so a new build never reuses a result an older parser made). Only verdicts TLC decided are stored (ok or a
 * violation). An entry that cannot be read, or whose key is not the one asked for, is ignored and overwritten.
 */
public final class ResultCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUILD = buildIdentity();

    private final Path folder;

    public ResultCache(Path folder) {
        this.folder = folder;
    }

    /** The key of a prepared run folder (see {@link CheckModule#prepare}) run with {@code tlcArgs}. */
    static String key(Path runFolder, List<String> tlcArgs) throws IOException {
        Hasher h = Hashing.sha256().newHasher();
        h.putString(BUILD, UTF_8).putString(String.join("\0", tlcArgs), UTF_8);
        try (Stream<Path> files = Files.list(runFolder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                byte[] content = Files.readAllBytes(f);
                h.putString(f.getFileName().toString(), UTF_8).putInt(content.length).putBytes(content);
            }
        }
        return h.hash().toString();
    }

    /** The stored result for {@code key}, if a sound one is there. */
    Optional<TlcResult> get(String key) {
        Path file = folder.resolve(key + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode e = JSON.readTree(Files.readString(file, UTF_8));
            if (!key.equals(e.path("key").asText())) {
                return Optional.empty();
            }
            JsonNode s = e.get("stats");
            return Optional.of(new TlcResult(Verdict.valueOf(e.get("verdict").asText()),
                    text(e, "property"),
                    new Stats(s.get("generated").asLong(), s.get("distinct").asLong(), s.get("depth").asInt(),
                            s.get("seconds").asDouble()),
                    e.hasNonNull("trace") ? Optional.of(ItfReader.read(e.get("trace").toString())) : Optional.empty(),
                    text(e, "errorMessage"), ""));
        } catch (IOException | RuntimeException corrupt) {
            return Optional.empty();
        }
    }

    /** Stores {@code result} under {@code key} if TLC decided it; atomically, so a reader never sees half. */
    void put(String key, TlcResult result) {
        if (result.verdict() != Verdict.OK && !result.verdict().isViolation()) {
            return;
        }
        ObjectNode e = JSON.createObjectNode();
        e.put("key", key);
        e.put("verdict", result.verdict().name());
        result.property().ifPresent(p -> e.put("property", p));
        result.errorMessage().ifPresent(m -> e.put("errorMessage", m));
        ObjectNode s = e.putObject("stats");
        s.put("generated", result.stats().generated());
        s.put("distinct", result.stats().distinct());
        s.put("depth", result.stats().depth());
        s.put("seconds", result.stats().seconds());
        try {
            e.set("trace", result.trace().isPresent()
                    ? JSON.readTree(ItfWriter.write(result.trace().get(), ImmutableMap.of())) : null);
            AtomicFiles.write(folder.resolve(key + ".json"), JSON.writeValueAsString(e));
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot write the result cache " + folder + ": " + failed.getMessage(),
                    failed);
        }
    }

    private static Optional<String> text(JsonNode e, String field) {
        return e.hasNonNull(field) ? Optional.of(e.get(field).asText()) : Optional.empty();
    }

    /** The bytes of TLC's jar and of the checker's own classes. */
    private static String buildIdentity() {
        List<Path> entries = new ArrayList<>();
        for (Class<?> c : List.of(tlc2.TLC.class, ResultCache.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException | RuntimeException e) {
                entries.add(Path.of("(unknown code source of " + c.getName() + ")"));
            }
        }
        return BuildIdentity.of(entries);
    }
}

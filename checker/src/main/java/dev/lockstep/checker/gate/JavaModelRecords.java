package dev.lockstep.checker.gate;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.lockstep.checker.io.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * What the gate's Java stages found per protocol variant, for {@code lockstep review}: the exploration's coverage of
 * TLC's reachable graph and the counterexample replays, one JSON file per variant,
 * {@code ROOT/target/lockstep-java/<protocol>/<variant>.json}, written atomically. A record holds the hash of its
 * inputs (the protocol's spec modules, configs, expectations and counterexamples, and the bytes of the Lockstep
 * classes on the class path); one whose inputs changed since reads as absent, so the review never shows a figure of
 * other sources. Each stage replaces its own part and keeps the other stage's part only if it has today's inputs.
 */
public final class JavaModelRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUILD = lockstepClasses();

    private final Path root;
    private final Path folder;

    /** The records of the repository at {@code root}. */
    public JavaModelRecords(Path root) {
        this.root = root;
        this.folder = root.resolve("target").resolve("lockstep-java");
    }

    /** The exploration of one variant: how much of TLC's reachable graph (same constants) its runs covered. */
    public record Exploration(int statesCovered, int statesTotal, int transitionsCovered, int transitionsTotal,
            boolean passed) {}

    /** The replay of one stored counterexample on the Java model: {@code summary} is the stage's verdict line(s). */
    public record Replay(String check, boolean passed, String summary) {}

    /**
     * The record of one variant; either part is empty when its stage did not run on today's inputs. The replays are
     * an empty list when the stage ran and the variant has no stored counterexample.
     */
    public record Variant(Optional<Exploration> exploration, Optional<ImmutableList<Replay>> replays) {}

    private static final Variant NONE = new Variant(Optional.empty(), Optional.empty());

    /** A record that exists but cannot be read: the review shows this line instead of figures. */
    public static final class UnreadableRecordException extends RuntimeException {
        UnreadableRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Path file(String protocol, String variant) {
        return folder.resolve(protocol).resolve(variant + ".json");
    }

    /**
     * The record of {@code protocol}/{@code variant} for today's inputs; empty when there is none or its inputs
     * changed. Throws {@link UnreadableRecordException} (file and position) when the file is not a record.
     */
    public Optional<Variant> read(String protocol, String variant) {
        Path f = file(protocol, variant);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        String shown = root.relativize(f).toString();
        try {
            JsonNode r = JSON.readTree(Files.readString(f, UTF_8));
            if (r == null || !inputs(protocol).equals(r.path("inputs").asText())) {
                return Optional.empty();
            }
            Optional<Exploration> e = Optional.empty();
            JsonNode x = r.get("exploration");
            if (x != null && !x.isNull()) {
                e = Optional.of(new Exploration(count(x, "statesCovered"), count(x, "statesTotal"),
                        count(x, "transitionsCovered"), count(x, "transitionsTotal"), flag(x, "passed")));
            }
            Optional<ImmutableList<Replay>> replays = Optional.empty();
            JsonNode ps = r.get("replays");
            if (ps != null && !ps.isNull()) {
                ImmutableList.Builder<Replay> list = ImmutableList.builder();
                for (JsonNode p : ps) {
                    list.add(new Replay(text(p, "check"), flag(p, "passed"), text(p, "summary")));
                }
                replays = Optional.of(list.build());
            }
            return Optional.of(new Variant(e, replays));
        } catch (JsonProcessingException bad) {
            JsonLocation at = bad.getLocation();
            throw new UnreadableRecordException(shown + (at == null ? "" : ":" + at.getLineNr() + ":"
                    + at.getColumnNr()) + ": " + bad.getOriginalMessage(), bad);
        } catch (IllegalArgumentException bad) {
            throw new UnreadableRecordException(shown + ": " + bad.getMessage(), bad);
        } catch (IOException bad) {
            throw new UncheckedIOException("cannot read " + shown + ": " + bad.getMessage(), bad);
        }
    }

    /** Records the exploration of {@code variant}, keeping its replays if they have today's inputs. */
    public void writeExploration(String protocol, String variant, Exploration e) {
        Variant old = current(protocol, variant);
        write(protocol, variant, new Variant(Optional.of(e), old.replays()));
    }

    /** Records the replays of {@code variant}'s counterexamples, keeping its exploration if it has today's inputs. */
    public void writeReplays(String protocol, String variant, List<Replay> replays) {
        Variant old = current(protocol, variant);
        write(protocol, variant, new Variant(old.exploration(), Optional.of(ImmutableList.copyOf(replays))));
    }

    private Variant current(String protocol, String variant) {
        try {
            return read(protocol, variant).orElse(NONE);
        } catch (UnreadableRecordException overwritten) {
            return NONE;
        }
    }

    private void write(String protocol, String variant, Variant v) {
        ObjectNode r = JSON.createObjectNode();
        r.put("protocol", protocol);
        r.put("variant", variant);
        r.put("inputs", inputs(protocol));
        v.exploration().ifPresentOrElse(e -> {
            ObjectNode x = r.putObject("exploration");
            x.put("statesCovered", e.statesCovered());
            x.put("statesTotal", e.statesTotal());
            x.put("transitionsCovered", e.transitionsCovered());
            x.put("transitionsTotal", e.transitionsTotal());
            x.put("passed", e.passed());
        }, () -> r.putNull("exploration"));
        v.replays().ifPresentOrElse(list -> {
            ArrayNode replays = r.putArray("replays");
            for (Replay p : list) {
                replays.addObject().put("check", p.check()).put("passed", p.passed()).put("summary", p.summary());
            }
        }, () -> r.putNull("replays"));
        Path f = file(protocol, variant);
        try {
            AtomicFiles.write(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r) + "\n");
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot write " + f + ": " + failed.getMessage(), failed);
        }
    }

    /**
     * The hash of what the Java stages of {@code protocol} read: the spec's modules, configs and expectations, the
     * stored counterexamples (the replays replay them), and the Lockstep classes that ran.
     */
    String inputs(String protocol) {
        Hasher h = Hashing.sha256().newHasher().putString(BUILD, UTF_8);
        for (Path dir : List.of(root.resolve("specs").resolve(protocol), root.resolve("counterexamples")
                .resolve(protocol))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(JavaModelRecords::isInput).sorted().toList()) {
                    byte[] content = Files.readAllBytes(f);
                    h.putString(dir.relativize(f).toString(), UTF_8).putInt(content.length).putBytes(content);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
        return h.hash().toString();
    }

    private static boolean isInput(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(".tla") || name.endsWith(".cfg") || name.endsWith(".itf.json")
                || name.equals(ProtocolModels.EXPECTATIONS_FILE);
    }

    /**
     * The bytes of every class path entry that holds Lockstep classes (the checker, the Java models, their
     * bindings): the gate and the review run from the same launcher class path, so a rebuild of any of them makes
     * older records absent.
     */
    private static String lockstepClasses() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path where = Path.of(entry);
            if (Files.isDirectory(where.resolve("dev").resolve("lockstep"))) {
                entries.add(where.resolve("dev").resolve("lockstep"));
            } else if (entry.endsWith(".jar") && Files.isRegularFile(where) && holdsLockstep(where)) {
                entries.add(where);
            }
        }
        return BuildIdentity.of(entries);
    }

    /** An unreadable jar counts: {@link BuildIdentity} then makes every read miss. */
    private static boolean holdsLockstep(Path jar) {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            return z.stream().anyMatch(e -> e.getName().startsWith("dev/lockstep/"));
        } catch (IOException e) {
            return true;
        }
    }

    private static int count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("\"" + field + "\" is not a count");
        }
        return v.asInt();
    }

    private static boolean flag(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw new IllegalArgumentException("\"" + field + "\" is not true or false");
        }
        return v.asBoolean();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is not a string");
        }
        return v.asText();
    }
}

package dev.lockstep.refinement;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tlc2.tool.impl.ModelConfig;
import tlc2.util.Vect;
import tlc2.value.IValue;
import util.SimpleFilenameToStream;

/**
 * The {@code CONSTANTS} of one TLC model configuration ({@code specs/<protocol>/<model>.cfg}), read with TLC's own
 * configuration parser, with typed accessors whose errors name the file and the constant's line.
 */
public final class SpecConstants {
    private final Path cfg;
    private final ImmutableMap<String, TlaValue> values;

    private SpecConstants(Path cfg, ImmutableMap<String, TlaValue> values) {
        this.cfg = cfg;
        this.values = values;
    }

    /** @throws IllegalArgumentException naming the file when TLC's parser rejects it */
    public static SpecConstants read(Path cfg) {
        if (!Files.isRegularFile(cfg)) {
            throw new IllegalArgumentException(cfg + ": no such model configuration");
        }
        ModelConfig config = new ModelConfig(cfg.toString(), new SimpleFilenameToStream(cfg.getParent().toString()));
        try {
            config.parse();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(cfg + ": " + String.valueOf(e.getMessage()).trim()
                    .replaceAll("\\s*\\R\\s*", " "), e);
        }
        ImmutableMap.Builder<String, TlaValue> values = ImmutableMap.builder();
        Vect<?> constants = config.getConstants();
        for (int i = 0; i < constants.size(); i++) {
            Vect<?> assignment = (Vect<?>) constants.elementAt(i);
            // [name, value] for "Name = value"; operator definitions ("Op(x) = ...") have more entries.
            if (assignment.size() == 2) {
                values.put((String) assignment.elementAt(0), ValueBridge.fromTlc((IValue) assignment.elementAt(1)));
            }
        }
        return new SpecConstants(cfg, values.buildKeepingLast());
    }

    /** The same constants with {@code name} set to {@code value} (e.g. another {@code Variant}). */
    public SpecConstants with(String name, TlaValue value) {
        Map<String, TlaValue> out = new LinkedHashMap<>(values);
        out.put(name, value);
        return new SpecConstants(cfg, ImmutableMap.copyOf(out));
    }

    /** Whether {@code other} assigns every constant the same value (wherever the files are). */
    public boolean sameValues(SpecConstants other) {
        return values.equals(other.values);
    }

    /** The configuration file. */
    public Path cfg() {
        return cfg;
    }

    /** The model's name: the file name without {@code .cfg} (the gate's variant column). */
    public String model() {
        return cfg.getFileName().toString().replaceFirst("\\.cfg$", "");
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public TlaValue value(String name) {
        TlaValue v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(cfg + ": no constant " + name);
        }
        return v;
    }

    public String string(String name) {
        if (value(name) instanceof TlaString s) {
            return s.value();
        }
        throw bad(name, "expected a string, found " + value(name));
    }

    public int natural(String name) {
        if (value(name) instanceof TlaInt n && n.value().signum() >= 0 && n.value().bitLength() < 31) {
            return n.value().intValueExact();
        }
        throw bad(name, "expected a small natural, found " + value(name));
    }

    public List<TlaValue> set(String name) {
        if (value(name) instanceof TlaSet s) {
            return List.copyOf(s.elements());
        }
        throw bad(name, "expected a set, found " + value(name));
    }

    public ImmutableList<String> strings(String name) {
        ImmutableList.Builder<String> out = ImmutableList.builder();
        for (TlaValue v : set(name)) {
            if (!(v instanceof TlaString s)) {
                throw bad(name, "expected a set of strings, found " + value(name));
            }
            out.add(s.value());
        }
        return out.build();
    }

    /** {@code 0..n-1} as a set of naturals: returns n. */
    public int range(String name) {
        List<TlaValue> elements = set(name);
        for (int i = 0; i < elements.size(); i++) {
            if (!elements.get(i).equals(TlaInt.of(i))) {
                throw bad(name, "expected 0..n-1, found " + value(name));
            }
        }
        return elements.size();
    }

    /** An error naming the file and the line that assigns {@code name}. */
    public IllegalArgumentException bad(String name, String message) {
        return new IllegalArgumentException(cfg + ":" + lineOf(name) + ": " + name + ": " + message);
    }

    /** TLC's parser keeps no positions: the first line that assigns the constant, or 0. */
    private int lineOf(String name) {
        Pattern assignment = Pattern.compile("^\\s*(CONSTANTS?\\s+)?" + Pattern.quote(name) + "\\s*(=|<-)");
        try {
            List<String> lines = Files.readAllLines(cfg);
            for (int i = 0; i < lines.size(); i++) {
                if (assignment.matcher(lines.get(i)).find()) {
                    return i + 1;
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return cfg + " " + values;
    }
}

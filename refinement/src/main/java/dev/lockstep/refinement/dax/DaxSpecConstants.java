package dev.lockstep.refinement.dax;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.checker.value.TlaValueParser;
import dev.lockstep.checker.value.TlaValueSyntaxException;
import dev.lockstep.impl.dax.DaxVariant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The constants of one DaxReclaim model, read from its TLC configuration ({@code specs/dax/<variant>.cfg}): the
 * counterexample was found with exactly these, so the replay's spec oracle and Java configuration use them too.
 *
 * @param mutations the spec's fixes this model breaks on purpose ({@code Mutations}); a spec mutant when not empty
 */
public record DaxSpecConstants(Path cfg, DaxVariant variant, ImmutableList<String> readers,
        ImmutableList<String> faulters, ImmutableList<String> dmaps, ImmutableList<String> inodes, int ranges,
        int accesses, ImmutableList<String> mutations) {

    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*(\\w+)\\s*=\\s*(.+?)\\s*$");

    /** The constants of {@code specDir/<variant>.cfg}. @throws IllegalArgumentException naming file and line */
    public static DaxSpecConstants of(Path specDir, String variant) {
        Path cfg = specDir.resolve(variant + ".cfg");
        List<String> lines;
        try {
            lines = Files.readAllLines(cfg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + cfg, e);
        }
        Map<String, TlaValue> values = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf("\\*");
            Matcher m = ASSIGNMENT.matcher(comment < 0 ? line : line.substring(0, comment));
            if (m.matches()) {
                try {
                    values.put(m.group(1), TlaValueParser.parseValue(m.group(2)));
                    lineOf.put(m.group(1), i + 1);
                } catch (TlaValueSyntaxException e) {
                    throw new IllegalArgumentException(cfg + ":" + (i + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        Reader r = new Reader(cfg, values, lineOf);
        String variantName = r.string("Variant");
        DaxVariant v = null;
        for (DaxVariant d : DaxVariant.values()) {
            if (d.specName().equals(variantName)) {
                v = d;
            }
        }
        if (v == null) {
            throw r.bad("Variant", "no such variant in the Java model: " + variantName);
        }
        List<TlaValue> ranges = r.set("Ranges");
        for (int i = 0; i < ranges.size(); i++) {
            if (!ranges.get(i).equals(TlaInt.of(i))) {
                throw r.bad("Ranges", "the Java model numbers ranges 0..n-1, not " + r.value("Ranges"));
            }
        }
        if (!(r.value("Accesses") instanceof TlaInt accesses) || accesses.value().signum() < 0
                || accesses.value().bitLength() > 15) {
            throw r.bad("Accesses", "expected a small natural, found " + r.value("Accesses"));
        }
        return new DaxSpecConstants(cfg, v, r.strings("Readers"), r.strings("Faulters"), r.strings("Dmaps"),
                r.strings("Inodes"), ranges.size(), accesses.value().intValueExact(), r.strings("Mutations"));
    }

    /**
     * Why a counterexample of this model is not replayed, if it is a spec mutant: the Java model breaks none of the
     * spec's fixes, so it has no counterpart of a mutant's trace.
     */
    public Optional<String> notReplayed() {
        String model = cfg.getFileName().toString().replaceFirst("\\.cfg$", "");
        return mutations.isEmpty() ? Optional.empty()
                : Optional.of("spec mutant " + model + ": no Java counterpart, not replayed");
    }

    /** Every task: readers, then faulters. */
    public ImmutableList<String> tasks() {
        return ImmutableList.<String>builder().addAll(readers).addAll(faulters).build();
    }

    private record Reader(Path cfg, Map<String, TlaValue> values, Map<String, Integer> lineOf) {
        TlaValue value(String name) {
            TlaValue v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException(cfg + ": no constant " + name);
            }
            return v;
        }

        String string(String name) {
            if (value(name) instanceof TlaString s) {
                return s.value();
            }
            throw bad(name, "expected a string, found " + value(name));
        }

        List<TlaValue> set(String name) {
            if (value(name) instanceof TlaSet s) {
                return List.copyOf(s.elements());
            }
            throw bad(name, "expected a set, found " + value(name));
        }

        ImmutableList<String> strings(String name) {
            ImmutableList.Builder<String> out = ImmutableList.builder();
            for (TlaValue v : set(name)) {
                if (!(v instanceof TlaString s)) {
                    throw bad(name, "expected a set of strings, found " + value(name));
                }
                out.add(s.value());
            }
            return out.build();
        }

        IllegalArgumentException bad(String name, String message) {
            return new IllegalArgumentException(cfg + ":" + lineOf.get(name) + ": " + name + ": " + message);
        }
    }
}

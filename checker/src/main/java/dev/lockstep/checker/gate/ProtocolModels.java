package dev.lockstep.checker.gate;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
  * A protocol folder under {@code specs/}: its root module, one cfg per variant and the expectations
  * declared in {@code expectations.txt}.
  *
  * <p>Format, one item per line, {@code #} starts a comment:
  *
  * <pre>
  * spec DaxReclaim
  * inode-trylock   invariant  NoReclaimWhileInUse   holds
  * inode-trylock   deadlock                          violated
  * upstream        witness    StaleBucketZero        reachable
  * </pre>
  */
public record ProtocolModels(Path folder, String specModule, ImmutableList<Expectation> expectations) {

    public static final String EXPECTATIONS_FILE = "expectations.txt";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern VARIANT = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    /** Lines the gate writes itself; a variant cfg that already has them would be ambiguous. */
    private static final Pattern GATE_OWNED_CFG_LINE =
            Pattern.compile("^\\s*(INVARIANTS?|PROPERT(Y|IES)|CHECK_DEADLOCK)\\b", Pattern.MULTILINE);

    /** The protocol's folder name, e.g. {@code dax}; counterexamples are stored under it. */
    public String protocol() {
        return folder.getFileName().toString();
    }

    /** The variants with expectations, in the order of the file. */
    public ImmutableList<String> variants() {
        return expectations.stream().map(Expectation::variant).distinct().collect(ImmutableList.toImmutableList());
    }

    public Path configOf(String variant) {
        return folder.resolve(variant + ".cfg");
    }

    /** Reads and validates {@code folder/expectations.txt} against the files in the folder. */
    public static ProtocolModels load(Path folder) {
        Path file = folder.resolve(EXPECTATIONS_FILE);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Optional<String> spec = Optional.empty();
        ImmutableList.Builder<Expectation> expectations = ImmutableList.builder();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String text = lines.get(i).replaceFirst("#.*", "").strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] words = text.split("\\s+");
            if (words[0].equals("spec")) {
                if (words.length != 2 || !NAME.matcher(words[1]).matches()) {
                    throw new ExpectationsFormatException(file, lineNo, "expected 'spec <ModuleName>'");
                }
                if (spec.isPresent()) {
                    throw new ExpectationsFormatException(file, lineNo, "second 'spec' line");
                }
                spec = Optional.of(words[1]);
                continue;
            }
            Expectation e = parseExpectation(file, lineNo, words);
            Integer first = seen.putIfAbsent(e.variant() + " " + e.kind().keyword() + " " + e.checkName(), lineNo);
            if (first != null) {
                throw new ExpectationsFormatException(file, lineNo, "same check as line " + first);
            }
            expectations.add(e);
        }
        String module =
                spec.orElseThrow(() -> new ExpectationsFormatException(file, 1, "missing 'spec <ModuleName>' line"));
        ProtocolModels models = new ProtocolModels(folder, module, expectations.build());
        models.validateFiles(file);
        return models;
    }

    private static Expectation parseExpectation(Path file, int lineNo, String[] words) {
        if (words.length < 3) {
            throw new ExpectationsFormatException(file, lineNo, "expected '<variant> <kind> [<name>] <outcome>'");
        }
        String variant = words[0];
        if (!VARIANT.matcher(variant).matches()) {
            throw new ExpectationsFormatException(file, lineNo, "bad variant name '" + variant + "'");
        }
        CheckKind kind =
                CheckKind.fromKeyword(words[1])
                        .orElseThrow(
                                () ->
                                        new ExpectationsFormatException(
                                                file, lineNo, "unknown check kind '" + words[1] + "' (invariant, property, deadlock, witness)"));
        int expectedWords = kind.isNamed() ? 4 : 3;
        if (words.length != expectedWords) {
            throw new ExpectationsFormatException(
                    file, lineNo, kind.keyword() + (kind.isNamed() ? " needs a name and an outcome" : " takes only an outcome"));
        }
        Optional<String> name = kind.isNamed() ? Optional.of(words[2]) : Optional.empty();
        if (name.isPresent() && !NAME.matcher(name.get()).matches()) {
            throw new ExpectationsFormatException(file, lineNo, "bad operator name '" + name.get() + "'");
        }
        String outcomeWord = words[expectedWords - 1];
        Outcome outcome =
                Outcome.fromKeyword(outcomeWord)
                        .orElseThrow(() -> new ExpectationsFormatException(file, lineNo, "unknown outcome '" + outcomeWord + "'"));
        try {
            return new Expectation(variant, kind, name, outcome, lineNo);
        } catch (IllegalArgumentException e) {
            throw new ExpectationsFormatException(file, lineNo, e.getMessage());
        }
    }

    private void validateFiles(Path file) {
        if (!Files.isRegularFile(folder.resolve(specModule + ".tla"))) {
            throw new ExpectationsFormatException(file, 1, "spec module " + specModule + ".tla not found in " + folder);
        }
        for (Expectation e : expectations) {
            Path cfg = configOf(e.variant());
            if (!Files.isRegularFile(cfg)) {
                throw new ExpectationsFormatException(file, e.line(), "no config " + cfg.getFileName() + " for variant " + e.variant());
            }
            String text;
            try {
                text = Files.readString(cfg, UTF_8);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + cfg + ": " + ex.getMessage(), ex);
            }
            var owned = GATE_OWNED_CFG_LINE.matcher(text);
            if (owned.find()) {
                int cfgLine = (int) text.substring(0, owned.start()).chars().filter(c -> c == '\n').count() + 1;
                throw new ExpectationsFormatException(
                        cfg, cfgLine, owned.group(1) + " belongs in " + EXPECTATIONS_FILE + ", not in a variant config");
            }
        }
    }
}

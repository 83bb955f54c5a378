package dev.lockstep.checker.gate;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model TLC runs for one {@link ModelRun}: a copy of the protocol's modules plus a wrapper module {@code MC} and
 * its cfg, in a private folder.
 *
 * <p>The gate never edits a variant cfg in place: it appends the run's checks to a copy. A witness {@code W} becomes
 * the invariant {@code MC_Not_W == ~W}, which TLC reports violated exactly when a state satisfying {@code W} is
 * reachable.
 */
public final class CheckModule {
    public static final String MODULE = "MC";

    private CheckModule() {}

    /** Writes {@code MC.tla}, {@code MC.cfg} and copies of the protocol's modules into {@code dir}; returns MC.tla. */
    public static Path prepare(ModelRun run, Path dir) {
        ProtocolModels models = run.models();
        try {
            try (DirectoryStream<Path> modules = Files.newDirectoryStream(models.folder(), "*.tla")) {
                for (Path module : modules) {
                    Files.copy(module, dir.resolve(module.getFileName()));
                }
            }
            Files.writeString(dir.resolve(MODULE + ".tla"), wrapperModule(run), UTF_8);
            String cfg = Files.readString(models.configOf(run.variant()), UTF_8);
            Files.writeString(dir.resolve(MODULE + ".cfg"), cfg + (cfg.endsWith("\n") ? "" : "\n") + checkLines(run),
                    UTF_8);
            return dir.resolve(MODULE + ".tla");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare model for " + run.describe() + ": " + e.getMessage(), e);
        }
    }

    static String wrapperModule(ModelRun run) {
        StringBuilder text = new StringBuilder();
        text.append("---- MODULE ").append(MODULE).append(" ----\n");
        text.append("EXTENDS ").append(run.models().specModule()).append('\n');
        for (Expectation check : run.checks()) {
            if (check.kind() == CheckKind.WITNESS) {
                String w = check.name().orElseThrow();
                text.append(witnessInvariant(w)).append(" == ~").append(w).append('\n');
            }
        }
        return text.append("====\n").toString();
    }

    static String checkLines(ModelRun run) {
        StringBuilder lines = new StringBuilder();
        for (Expectation check : run.checks()) {
            String name = check.name().orElse("");
            switch (check.kind()) {
                case INVARIANT -> lines.append("INVARIANT ").append(name).append('\n');
                case WITNESS -> lines.append("INVARIANT ").append(witnessInvariant(name)).append('\n');
                case PROPERTY -> lines.append("PROPERTY ").append(name).append('\n');
                case DEADLOCK -> { }
            }
        }
        return lines.append("CHECK_DEADLOCK ").append(run.checksDeadlock() ? "TRUE" : "FALSE").append('\n').toString();
    }

    /** The invariant the gate checks for witness {@code w}. */
    public static String witnessInvariant(String w) {
        return "MC_Not_" + w;
    }
}

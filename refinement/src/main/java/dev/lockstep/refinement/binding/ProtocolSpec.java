package dev.lockstep.refinement.binding;

import dev.lockstep.checker.gate.CheckKind;
import dev.lockstep.checker.gate.Outcome;
import dev.lockstep.checker.gate.ProtocolModels;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecOracle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A protocol's files in the repository at {@code root}: its spec folder with {@code expectations.txt} and the variant
 * models, and its counterexample folder.
 */
public record ProtocolSpec(Path root, ProtocolModels models) {
    /** Reads {@code root/specs/<protocol>/expectations.txt}. */
    public static ProtocolSpec of(Path root, String protocol) {
        return new ProtocolSpec(root, ProtocolModels.load(root.resolve("specs").resolve(protocol)));
    }

    public String protocol() {
        return models.protocol();
    }

    public Path specDir() {
        return models.folder();
    }

    public String module() {
        return models.specModule();
    }

    public Path counterexamples() {
        return root.resolve("counterexamples").resolve(protocol());
    }

    /** The constants of the model {@code specs/<protocol>/<model>.cfg}. */
    public SpecConstants constants(String model) {
        return SpecConstants.read(models.configOf(model));
    }

    /** Loads the spec with the model {@code specs/<protocol>/<model>.cfg}. */
    public SpecOracle oracle(String model) {
        return SpecOracle.load(specDir(), module(), models.configOf(model));
    }

    /** Loads the spec with a configuration given as text (a Java configuration's constants). */
    public SpecOracle oracleWithConfig(String configText) {
        return SpecOracle.load(specDir(), module(), configText);
    }

    /**
     * Whether every run of {@code variant} must end with every task done: its expectations say the model is free of
     * deadlock, or that a liveness property holds. Then a run that deadlocks or runs out of steps is a failure.
     */
    public boolean mustComplete(String variant) {
        return models.expectations().stream().anyMatch(e -> e.variant().equals(variant)
                && (e.kind() == CheckKind.DEADLOCK || e.kind() == CheckKind.PROPERTY)
                && e.expected() == Outcome.HOLDS);
    }

    /** Whether the expectations say that {@code model} violates the invariant or property {@code name}. */
    public boolean expectedViolated(String model, String name) {
        return models.expectations().stream().anyMatch(e -> e.variant().equals(model)
                && e.name().filter(name::equals).isPresent() && e.expected() == Outcome.VIOLATED);
    }

    /**
     * Why the model's counterexamples are not replayed, if they are not: a spec mutant's {@code Mutations} constant
     * breaks one of the spec's fixes, which the Java model never does.
     */
    public static Optional<String> notReplayed(SpecConstants constants) {
        if (constants.has("Mutations") && !constants.set("Mutations").isEmpty()) {
            return Optional.of("spec mutant " + constants.model() + ": no Java counterpart, not replayed");
        }
        return Optional.empty();
    }
}

package dev.lockstep.refinement.replay;

import dev.lockstep.checker.trace.Trace;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One counterexample file of {@code counterexamples/<protocol>/<variant>/<property>.itf.json}: the variant comes from
 * the folder (and must agree with the file's {@code #meta.variant}), the property from the file name.
 */
public record Counterexample(Path file, String protocol, String variant, ViolatedProperty property, Trace trace) {
    public Counterexample {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(trace, "trace");
    }

    /** {@code variant/property}, e.g. {@code refcount-relaxed/NoReclaimWhileInUse}. */
    public String id() {
        return variant + "/" + property.name();
    }
}

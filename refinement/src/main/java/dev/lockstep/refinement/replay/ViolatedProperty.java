package dev.lockstep.refinement.replay;

import java.util.Locale;
import java.util.Objects;

/**
 * What a counterexample violates, as the gate names it in the file name: an invariant ({@code NoReclaimWhileInUse}),
 * a deadlock ({@code deadlock}) or a temporal property ({@code EveryAccessCompletes}, a lasso or a stuttering end).
 */
public record ViolatedProperty(Kind kind, String name) {
    /** The file name the gate gives a deadlock counterexample. */
    public static final String DEADLOCK = "deadlock";

    /**
     * WITNESS: a state predicate W reached (the gate checks ~W); a state shown to exist, not a bug. ACTION: an action
     * property {@code [][A]_v} whose last step is not an A step (TLC's "action property ... violated").
     */
    public enum Kind { INVARIANT, WITNESS, DEADLOCK, TEMPORAL, ACTION }

    public ViolatedProperty {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return kind == Kind.DEADLOCK ? "deadlock" : kind.name().toLowerCase(Locale.ROOT) + " " + name;
    }
}

package dev.lockstep.checker.gate;

import java.util.Optional;

/** The result a check is expected to have, or had. */
public enum Outcome {
    HOLDS("holds"),
    VIOLATED("violated"),
    REACHABLE("reachable"),
    UNREACHABLE("unreachable");

    private final String keyword;

    Outcome(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** Whether TLC must report a violation for this outcome (a reachable witness violates {@code ~W}). */
    public boolean isViolation() {
        return this == VIOLATED || this == REACHABLE;
    }

    /** The outcome of a check of {@code kind} whose TLC run did or did not report a violation. */
    public static Outcome of(CheckKind kind, boolean violated) {
        if (kind == CheckKind.WITNESS) {
            return violated ? REACHABLE : UNREACHABLE;
        }
        return violated ? VIOLATED : HOLDS;
    }

    public static Optional<Outcome> fromKeyword(String word) {
        for (Outcome outcome : values()) {
            if (outcome.keyword.equals(word)) {
                return Optional.of(outcome);
            }
        }
        return Optional.empty();
    }
}

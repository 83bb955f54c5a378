package dev.lockstep.checker.gate;

import java.util.Optional;

/** What one line of an expectations file asks TLC to check. */
public enum CheckKind {
    /** A state predicate named in the spec, checked as {@code INVARIANT}. */
    INVARIANT("invariant", true),
    /** A temporal or action property named in the spec, checked as {@code PROPERTY}. */
    PROPERTY("property", true),
    /** Absence of deadlock, checked with {@code CHECK_DEADLOCK TRUE}; has no name. */
    DEADLOCK("deadlock", false),
    /** A state predicate that must (or must not) be reachable, checked as the invariant {@code ~W}. */
    WITNESS("witness", true);

    private final String keyword;
    private final boolean named;

    CheckKind(String keyword, boolean named) {
        this.keyword = keyword;
        this.named = named;
    }

    public String keyword() {
        return keyword;
    }

    /** Whether the expectations line carries the name of a spec operator. */
    public boolean isNamed() {
        return named;
    }

    public static Optional<CheckKind> fromKeyword(String word) {
        for (CheckKind kind : values()) {
            if (kind.keyword.equals(word)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}

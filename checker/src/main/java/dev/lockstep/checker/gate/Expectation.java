package dev.lockstep.checker.gate;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Optional;

/**
  * One declared expectation: checking {@code kind name} on {@code variant} gives {@code expected}.
  *
  * @param line the 1-based line of the expectations file it comes from, for error messages
  */
public record Expectation(String variant, CheckKind kind, Optional<String> name, Outcome expected, int line) {

    public Expectation {
        checkArgument(kind.isNamed() == name.isPresent(), "%s takes %s name", kind, kind.isNamed() ? "a" : "no");
        checkArgument(
                (kind == CheckKind.WITNESS) == (expected == Outcome.REACHABLE || expected == Outcome.UNREACHABLE),
                "%s cannot be %s",
                kind.keyword(),
                expected.keyword());
    }

    /** The name used for files and reports: the operator name, or {@code deadlock}. */
    public String checkName() {
        return name.orElse(kind.keyword());
    }

    /** E.g. {@code inode-trylock: property EveryAccessCompletes violated}. */
    public String describe() {
        return variant + ": " + kind.keyword() + name.map(n -> " " + n).orElse("") + " " + expected.keyword();
    }
}

package dev.lockstep.checker.gate;

import java.util.Optional;

/**
 * What the gate found for one expectation.
 *
 * @param actual the outcome TLC established, empty when the run could not decide it (an error, or TLC stopped at
 *     another property's violation first)
 * @param detail why {@code actual} is empty or differs, in one line; empty when the check passed
 */
public record CheckResult(Expectation expectation, Optional<Outcome> actual, Optional<String> detail) {

    public boolean passed() {
        return actual.isPresent() && actual.get() == expectation.expected();
    }

    /** E.g. {@code dax/inode-trylock: property EveryAccessCompletes: expected violated, actual holds}. */
    public String describe(String protocol) {
        Expectation e = expectation;
        String head = protocol + "/" + e.variant() + ": " + e.kind().keyword() + e.name().map(n -> " " + n).orElse("");
        String outcome = "expected " + e.expected().keyword() + ", actual " + actual.map(Outcome::keyword).orElse("unknown");
        return head + ": " + outcome + detail.map(d -> " (" + d + ")").orElse("");
    }
}

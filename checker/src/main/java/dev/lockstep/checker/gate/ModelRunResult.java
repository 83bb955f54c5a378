package dev.lockstep.checker.gate;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.tlc.Stats;
import dev.lockstep.checker.tlc.TlcResult;
import dev.lockstep.checker.tlc.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A finished {@link ModelRun}: TLC's result and, derived from it, the outcome of each of the run's checks.
 *
 * @param cached whether the result was reused from an earlier run with the same inputs ({@link ResultCache})
 */
public record ModelRunResult(ModelRun run, TlcResult tlc, boolean cached) {

    public ModelRunResult(ModelRun run, TlcResult tlc) {
        this(run, tlc, false);
    }

    /** E.g. {@code dax/upstream [TypeOK, NoOverlap]: ok, 1,234 distinct states, depth 17, 0.8 s (cached)}. */
    public String summary() {
        Stats s = tlc.stats();
        return String.format(Locale.ROOT, "%s: %s, %,d distinct states, depth %d, %.1f s%s", run.describe(),
                tlc.describe(), s.distinct(), s.depth(), s.seconds(), cached ? " (cached)" : "");
    }

    public boolean passed() {
        return checkResults().stream().allMatch(CheckResult::passed);
    }

    public ImmutableList<CheckResult> checkResults() {
        Verdict verdict = tlc.verdict();
        if (verdict == Verdict.OK) {
            return run.checks().stream()
                    .map(c -> result(c, Outcome.of(c.kind(), false), Optional.empty()))
                    .collect(ImmutableList.toImmutableList());
        }
        if (!verdict.isViolation()) {
            String error = tlc.describe() + tlc.errorMessage().map(m -> ": " + m).orElse("");
            return run.checks().stream()
                    .map(c -> new CheckResult(c, Optional.empty(), Optional.of(error)))
                    .collect(ImmutableList.toImmutableList());
        }
        List<Expectation> culprits = run.checks().stream().filter(this::reportedByTlc).toList();
        String found = "TLC found: " + tlc.describe();
        return run.checks().stream()
                .map(c -> culprits.contains(c)
                        ? result(c, Outcome.of(c.kind(), true),
                                culprits.size() > 1 ? Optional.of(found + ", one of " + names(culprits)) : Optional.empty())
                        : new CheckResult(c, Optional.empty(), Optional.of("not decided; " + found)))
                .collect(ImmutableList.toImmutableList());
    }

    private static CheckResult result(Expectation check, Outcome actual, Optional<String> detail) {
        Optional<String> why = actual == check.expected() ? detail : detail.or(() -> Optional.of("see the trace"));
        return new CheckResult(check, Optional.of(actual), why);
    }

    /**
     * Whether TLC's violation is this check's. TLC names a violated invariant or action property, but not a violated
     * temporal property: that one is blamed on every temporal property of the run.
     */
    private boolean reportedByTlc(Expectation check) {
        String name = check.name().orElse("");
        return switch (tlc.verdict()) {
            case INVARIANT_VIOLATED -> (check.kind() == CheckKind.INVARIANT && tlc.property().equals(Optional.of(name)))
                    || (check.kind() == CheckKind.WITNESS
                            && tlc.property().equals(Optional.of(CheckModule.witnessInvariant(name))));
            case ACTION_PROPERTY_VIOLATED -> check.kind() == CheckKind.PROPERTY
                    && tlc.property().map(p -> p.equals(name)).orElse(true);
            case TEMPORAL_VIOLATED -> check.kind() == CheckKind.PROPERTY;
            case DEADLOCK -> check.kind() == CheckKind.DEADLOCK;
            default -> false;
        };
    }

    private static String names(List<Expectation> checks) {
        return checks.stream().map(Expectation::checkName).collect(Collectors.joining(", "));
    }
}

package dev.lockstep.refinement.binding;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.lockstep.checker.gate.CheckKind;
import dev.lockstep.checker.gate.Expectation;
import dev.lockstep.checker.gate.Outcome;
import dev.lockstep.impl.runtime.Explorer;
import dev.lockstep.impl.runtime.MemoryModel;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A variant's verdicts under one memory model, from the Java model itself: every schedule from each start, refinement
 * at every step, and each state predicate of the variant's expectations (its invariants and witnesses) evaluated by TLC
 * on every state reached. Comparing the verdicts of the two models shows which answers depend on the reordering.
 */
final class MemoryModelVerdicts {
    private static final long STEP_BOUND = 10_000;
    private static final long MAX_SCHEDULES = 1_000_000;

    /**
     * @param falsified the invariants found FALSE and the witnesses found TRUE in some state
     * @param reorderings steps that took effect before their task's in-flight plain access
     * @param failure the first run that broke refinement, crashed or ended unacceptably
     */
    record Verdict(String protocol, String variant, MemoryModel model, int starts, long schedules, long reorderings,
            ImmutableSortedSet<String> falsified, Optional<String> failure, boolean exhausted, double seconds) {
        String render() {
            return String.format(Locale.ROOT, "%s/%s under %s, %d starts: %d schedules, %d reorderings, %.1f s: %s%s%s",
                    protocol, variant, model, starts, schedules, reorderings, seconds,
                    falsified.isEmpty() ? "no state predicate falsified" : "falsified " + falsified,
                    exhausted ? "" : ", NOT exhausted", failure.map(f -> "\nFAILED: " + f).orElse(""));
        }
    }

    private MemoryModelVerdicts() {}

    /** The names of the variant's state-predicate rows (invariants and witnesses) that {@code expected} accepts. */
    private static ImmutableSortedSet<String> statePredicates(ProtocolSpec spec, String variant,
            Predicate<Expectation> expected) {
        return spec.models().expectations().stream()
                .filter(e -> e.variant().equals(variant)
                        && (e.kind() == CheckKind.INVARIANT || e.kind() == CheckKind.WITNESS) && expected.test(e))
                .map(e -> e.name().orElseThrow())
                .collect(ImmutableSortedSet.toImmutableSortedSet(String::compareTo));
    }

    /** The variant's invariants that must hold and witnesses that must stay unreachable. */
    static ImmutableSortedSet<String> mustHold(ProtocolSpec spec, String variant) {
        return statePredicates(spec, variant,
                e -> e.expected() == Outcome.HOLDS || e.expected() == Outcome.UNREACHABLE);
    }

    /**
     * Explores every schedule of each start under {@code model}; {@link Verdict#reorderings} counts the new steps (not
     * the prefixes stateless exploration re-executes) that were reorderings.
     */
    static <C> Verdict explore(ProtocolBinding<C> binding, String variant, List<C> starts, MemoryModel model) {
        long begin = System.nanoTime();
        ProtocolSpec spec = Repository.spec(binding.protocol());
        boolean mustComplete = spec.mustComplete(variant);
        Set<String> witnesses = statePredicates(spec, variant, e -> e.kind() == CheckKind.WITNESS);
        Set<String> predicates = statePredicates(spec, variant, e -> true);
        try (SpecOracle oracle = spec.oracleWithConfig(binding.specConfig(starts.get(0)))) {
            RefinementChecker checker = new RefinementChecker(oracle);
            Map<SpecState, List<String>> judged = new HashMap<>();
            Set<String> falsified = new TreeSet<>();
            long[] reorderings = {0};
            List<Explorer.Scenario> scenarios = new ArrayList<>();
            for (C start : starts) {
                scenarios.add(scheduler -> {
                    ReplayTarget.Instance instance = binding.start(model, scheduler, start);
                    StepRefinement.attach(scheduler, instance, checker);
                    falsified.addAll(judge(judged, oracle, predicates, witnesses, instance.abstractState()));
                    scheduler.addListener((step, task, label) -> {
                        if (scheduler.repeats(step)) {
                            return;
                        }
                        if (scheduler.stepReordered()) {
                            reorderings[0]++;
                        }
                        falsified.addAll(judge(judged, oracle, predicates, witnesses, instance.abstractState()));
                    });
                    return instance::exactState;
                });
            }
            Explorer.Result r = Explorer.explore(scenarios, STEP_BOUND, MAX_SCHEDULES,
                    run -> Exploration.acceptable(run, mustComplete), mustComplete);
            return new Verdict(binding.protocol(), variant, model, starts.size(), r.schedules(), reorderings[0],
                    ImmutableSortedSet.copyOf(falsified),
                    r.counterexample().map(cx -> starts.get(cx.start()) + "\n" + cx.result() + "\n" + cx.replayEntries()),
                    r.exhausted(), (System.nanoTime() - begin) / 1e9);
        }
    }

    private static List<String> judge(Map<SpecState, List<String>> judged, SpecOracle oracle,
            Set<String> predicates, Set<String> witnesses, SpecState s) {
        return judged.computeIfAbsent(s, state -> predicates.stream()
                .filter(p -> oracle.holds(p, state) == witnesses.contains(p))
                .collect(ImmutableList.toImmutableList()));
    }
}

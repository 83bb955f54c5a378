package dev.lockstep.refinement;

import com.google.common.collect.HashMultiset;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMultiset;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Multiset;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that implementation behaviours, mapped to abstract states, are behaviours of the spec: the first state
 * satisfies {@code Init}, and every step is a step of {@code Next} or a stutter (TLA+'s {@code [Next]_vars}).
 *
 * <p>It also records which abstract states, transitions and spec actions the checked behaviours exercised, for a
 * {@link CoverageReport} against the spec's {@link ReachableGraph}. Thread-safe: runs of several threads are checked
 * one step at a time (the oracle, which TLC keeps in static fields, is used by one thread at a time).
 */
public final class RefinementChecker {
    private final SpecOracle oracle;
    private final Set<SpecState> states = new HashSet<>();
    private final Set<StatePair> transitions = new HashSet<>();
    private final Multiset<String> actionsTaken = HashMultiset.create();
    private long steps;
    private long stutters;
    private long behaviours;

    public RefinementChecker(SpecOracle oracle) {
        this.oracle = Objects.requireNonNull(oracle, "oracle");
    }

    /** Starts checking one behaviour; its first observed state must be initial. */
    public synchronized Run newRun() {
        behaviours++;
        return new Run();
    }

    /** Checks one whole behaviour, stopping at the first violation. */
    public Optional<RefinementViolation> check(Iterable<ObservedStep> behaviour) {
        Run run = newRun();
        for (ObservedStep s : behaviour) {
            Optional<RefinementViolation> v = run.observe(s);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** What the behaviours checked so far have exercised. */
    public synchronized ExplorationCoverage coverage() {
        return new ExplorationCoverage(behaviours, steps, stutters, ImmutableSet.copyOf(states),
                ImmutableSet.copyOf(transitions), ImmutableMultiset.copyOf(actionsTaken));
    }

    /** One behaviour being checked, state by state. */
    public final class Run {
        private SpecState current;
        private boolean failed;

        private Run() {}

        /**
         * Checks the step from the previously observed state to {@code next} (or, for the first call, that
         * {@code next} is initial).
         *
         * @return the violation, if any; a run that reported one accepts no further states
         */
        public Optional<RefinementViolation> observe(ObservedStep next) {
            synchronized (RefinementChecker.this) {
                return observeLocked(next);
            }
        }

        /**
         * Continues the run from {@code state} without checking how it was reached: an explorer that re-executes a
         * prefix some earlier run checked skips its steps (see {@code Schedule#repeats}). The state must be one this
         * checker accepted before, or the model is not deterministic.
         */
        public void resume(SpecState state) {
            synchronized (RefinementChecker.this) {
                if (!states.contains(state)) {
                    throw new IllegalStateException("a repeated step reached a state no run reached before: " + state);
                }
                current = state;
            }
        }

        private Optional<RefinementViolation> observeLocked(ObservedStep next) {
            if (failed) {
                throw new IllegalStateException("run already failed; start a new run");
            }
            Optional<RefinementViolation> v;
            try {
                v = current == null ? checkInitial(next) : checkStep(current, next);
            } catch (IllegalArgumentException | SpecEvaluationException e) {
                v = Optional.of(new RefinementViolation(RefinementViolation.Kind.EVALUATION_ERROR, next.step(),
                        next.actor(), next.operation(), Optional.ofNullable(current), next.state(),
                        ImmutableList.of(), ImmutableList.of(), e.getMessage()));
            }
            if (v.isPresent()) {
                failed = true;
            } else {
                states.add(next.state());
                current = next.state();
            }
            return v;
        }
    }

    private Optional<RefinementViolation> checkInitial(ObservedStep first) {
        if (oracle.isInitial(first.state())) {
            return Optional.empty();
        }
        SpecState nearest = null;
        ImmutableList<String> nearestDiff = ImmutableList.of();
        for (SpecState init : oracle.initialStates()) {
            ImmutableList<String> diff = differing(init, first.state());
            if (nearest == null || diff.size() < nearestDiff.size()) {
                nearest = init;
                nearestDiff = diff;
            }
        }
        return Optional.of(new RefinementViolation(RefinementViolation.Kind.NOT_INITIAL, first.step(), first.actor(),
                first.operation(), Optional.ofNullable(nearest), first.state(), nearestDiff, ImmutableList.of(), ""));
    }

    private Optional<RefinementViolation> checkStep(SpecState from, ObservedStep next) {
        steps++;
        StatePair pair = new StatePair(from, next.state());
        // Exhaustive explorers re-execute shared prefixes: a transition accepted once is accepted again.
        if (transitions.contains(pair)) {
            return Optional.empty();
        }
        // A stutter needs no evaluation; its state equals one already accepted.
        if (from.equals(next.state())) {
            stutters++;
            return Optional.empty();
        }
        StepVerdict verdict = oracle.step(from, next.state());
        if (verdict.allowed()) {
            transitions.add(pair);
            for (ActionInstance a : verdict.actions()) {
                actionsTaken.add(a.name());
            }
            return Optional.empty();
        }
        return Optional.of(new RefinementViolation(RefinementViolation.Kind.NOT_A_STEP, next.step(), next.actor(),
                next.operation(), Optional.of(from), next.state(), differing(from, next.state()),
                oracle.successors(from), ""));
    }

    private ImmutableList<String> differing(SpecState a, SpecState b) {
        return oracle.variables().stream()
                .filter(v -> !Objects.equals(a.get(v), b.get(v)))
                .collect(ImmutableList.toImmutableList());
    }
}

package dev.lockstep.refinement;

import com.google.common.collect.ConcurrentHashMultiset;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMultiset;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Multiset;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Checks that implementation behaviours, mapped to abstract states, are behaviours of the spec: the first state
 * satisfies {@code Init}, and every step is a step of {@code Next} or a stutter (TLA+'s {@code [Next]_vars}).
 *
 * <p>It also records which abstract states, transitions and spec actions the checked behaviours exercised, for a
 * {@link CoverageReport} against the spec's {@link ReachableGraph}. Thread-safe: runs of several threads are checked
 * at once; only TLC's evaluations take turns (the oracle, which TLC keeps in static fields, is used by one thread at a
 * time). Given the spec's reachable graph, a step that is one of its transitions is accepted without asking TLC:
 * the graph holds every {@code Next} step from each of its states, so TLC is asked only for the rest, whose
 * verdict (a step outside the configuration's constraints, or no step at all) the graph cannot give.
 *
 * <p>A {@linkplain #deferring deferring} checker only records what runs observe, while the graph is still being
 * computed (TLC serves one thread at a time), and judges it all when {@link #settle} hands it the graph.
 */
public final class RefinementChecker {
    private final SpecOracle oracle;
    /** Null while none is known: TLC judges every step, or a deferring checker records them. */
    private volatile ReachableGraph graph;
    private final boolean deferring;
    private final Set<SpecState> pendingInitial = ConcurrentHashMap.newKeySet();
    private final Set<StatePair> pendingSteps = ConcurrentHashMap.newKeySet();
    private final Set<SpecState> states = ConcurrentHashMap.newKeySet();
    private final Set<StatePair> transitions = ConcurrentHashMap.newKeySet();
    private final Multiset<String> actionsTaken = ConcurrentHashMultiset.create();
    private final LongAdder steps = new LongAdder();
    private final LongAdder stutters = new LongAdder();
    private final LongAdder behaviours = new LongAdder();

    public RefinementChecker(SpecOracle oracle) {
        this(oracle, Optional.empty());
    }

    /** With {@code graph}, the reachable graph of {@code oracle}'s spec and constants ({@link ReachableGraph#explore}). */
    public RefinementChecker(SpecOracle oracle, Optional<ReachableGraph> graph) {
        this(oracle, graph.orElse(null), false);
    }

    private RefinementChecker(SpecOracle oracle, ReachableGraph graph, boolean deferring) {
        this.oracle = Objects.requireNonNull(oracle, "oracle");
        this.graph = graph;
        this.deferring = deferring;
    }

    /**
     * A checker that accepts every state for now and judges them in {@link #settle}: runs observed before then are not
     * stopped at a violation, so a caller that needs the violating run must check again.
     */
    public static RefinementChecker deferring(SpecOracle oracle) {
        return new RefinementChecker(oracle, null, true);
    }

    /**
     * Judges what a {@link #deferring} checker recorded, with {@code graph}, and goes on checking new steps at once.
     *
     * @return a violation, if any was recorded (which one, if several, is not specified)
     */
    public Optional<RefinementViolation> settle(ReachableGraph graph) {
        if (!deferring || this.graph != null) {
            throw new IllegalStateException("settle a deferring checker once");
        }
        this.graph = Objects.requireNonNull(graph, "graph");
        for (SpecState s : pendingInitial) {
            Optional<RefinementViolation> v = checkInitial(ObservedStep.initial(s));
            if (v.isPresent()) {
                return v;
            }
        }
        for (StatePair pair : pendingSteps) {
            Optional<RefinementViolation> v = verdict(pair, new ObservedStep(0, "", "", pair.to()));
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** Starts checking one behaviour; its first observed state must be initial. */
    public Run newRun() {
        behaviours.increment();
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
    public ExplorationCoverage coverage() {
        return new ExplorationCoverage(behaviours.sum(), steps.sum(), stutters.sum(), ImmutableSet.copyOf(states),
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
            if (failed) {
                throw new IllegalStateException("run already failed; start a new run");
            }
            if (deferring && graph == null) {
                record(next.state());
                return Optional.empty();
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

        /** A deferring checker's observation: kept for {@link #settle}, counted as the check would count it. */
        private void record(SpecState next) {
            if (current == null) {
                pendingInitial.add(next);
            } else {
                StatePair pair = new StatePair(current, next);
                if (isNew(pair)) {
                    pendingSteps.add(pair);
                }
            }
            states.add(next);
            current = next;
        }

        /**
         * Continues the run from {@code state} without checking how it was reached: an explorer that re-executes a
         * prefix some earlier run checked skips its steps (see {@code Schedule#repeats}). The state must be one this
         * checker accepted before, or the model is not deterministic.
         */
        public void resume(SpecState state) {
            if (!states.contains(state)) {
                throw new IllegalStateException("a repeated step reached a state no run reached before: " + state);
            }
            current = state;
        }
    }

    private Optional<RefinementViolation> checkInitial(ObservedStep first) {
        synchronized (oracle) {
            return checkInitialLocked(first);
        }
    }

    private Optional<RefinementViolation> checkInitialLocked(ObservedStep first) {
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
        StatePair pair = new StatePair(from, next.state());
        return isNew(pair) ? verdict(pair, next) : Optional.empty();
    }

    /** Counts a step; whether it needs a verdict: neither a transition accepted before nor a stutter. */
    private boolean isNew(StatePair pair) {
        steps.increment();
        // Exhaustive explorers re-execute shared prefixes: a transition accepted once is accepted again.
        if (transitions.contains(pair)) {
            return false;
        }
        // A stutter needs no evaluation; its state equals one already accepted.
        if (pair.from().equals(pair.to())) {
            stutters.increment();
            return false;
        }
        return true;
    }

    private Optional<RefinementViolation> verdict(StatePair pair, ObservedStep next) {
        ReachableGraph g = graph;
        ImmutableSet<ActionInstance> known = g == null ? ImmutableSet.of() : g.actionsOf(pair);
        if (!known.isEmpty()) {
            accept(pair, known);
            return Optional.empty();
        }
        synchronized (oracle) {
            return checkStepLocked(pair, next);
        }
    }

    /** Records a transition the first time a run takes it, with the actions that allow it. */
    private void accept(StatePair pair, Collection<ActionInstance> actions) {
        if (transitions.add(pair)) {
            actions.forEach(a -> actionsTaken.add(a.name()));
        }
    }

    private Optional<RefinementViolation> checkStepLocked(StatePair pair, ObservedStep next) {
        SpecState from = pair.from();
        StepVerdict verdict = oracle.step(from, next.state());
        if (verdict.allowed()) {
            accept(pair, verdict.actions());
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

package dev.lockstep.refinement.replay;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.impl.runtime.Choice;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.impl.runtime.Schedule;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.StepListener;
import dev.lockstep.refinement.ObservedStep;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.RefinementViolation;
import dev.lockstep.refinement.SpecState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Replays a counterexample's interleaving on an implementation, step for step. For each planned step it runs only the
 * planned actor: that actor's implementation steps that change no spec variable (stutters) are allowed, until the
 * mapped state equals the planned state; any other mapped state is a divergence (a non-exact planned step, a further
 * repetition of a lasso's loop, is any state change by the actor). Every implementation step is also
 * checked against the spec ({@code [Next]_vars}) when a {@link RefinementChecker} is given.
 *
 * <p>An actor may have more than one enabled alternative (an in-flight plain access and its next operation, e.g. a
 * relaxed decrement overtaking a copy). The replayer first takes the first alternative everywhere and, when that
 * diverges, searches the alternatives depth-first by re-running from the start (runs are deterministic); the result
 * is the first run that follows the whole plan, else the run that got furthest.
 */
public final class TraceReplayer {
    /**
     * @param maxStutters stutter steps allowed per planned step (and after the end of a deadlock trace)
     * @param maxAttempts runs the search over alternatives may make
     * @param stepBound the scheduler's step bound per run
     */
    public record Options(int maxStutters, int maxAttempts, long stepBound) {
        public static final Options DEFAULT = new Options(32, 64, 10_000);
    }

    private TraceReplayer() {}

    public static ReplayResult replay(ReplayTarget target, ReplayPlan plan, Optional<RefinementChecker> checker,
            Options options) {
        int[] prefix = new int[0];
        Attempt best = null;
        int attempts = 0;
        while (attempts < options.maxAttempts()) {
            Attempt a = new Attempt(plan, prefix, checker.map(RefinementChecker::newRun), options);
            a.runOn(target);
            attempts++;
            if (best == null || a.reached > best.reached) {
                best = a;
            }
            if (a.followedPlan()) {
                best = a;
                break;
            }
            int i = a.decisions.size() - 1;
            while (i >= 0 && a.decisions.get(i)[1] + 1 >= a.decisions.get(i)[0]) {
                i--;
            }
            if (i < 0) {
                break;
            }
            prefix = new int[i + 1];
            for (int k = 0; k <= i; k++) {
                prefix[k] = a.decisions.get(k)[1];
            }
            prefix[i]++;
        }
        return best.result(attempts);
    }

    /** One run following the plan, with the alternatives fixed by {@code prefix} (then the first one). */
    private static final class Attempt implements Schedule, StepListener {
        private final ReplayPlan plan;
        private final int[] prefix;
        private final Optional<RefinementChecker.Run> refinementRun;
        private final Options options;
        /** Per decision point with a choice: {number of alternatives, alternative taken}. */
        final List<int[]> decisions = new ArrayList<>();
        private final List<ImplStep> steps = new ArrayList<>();
        private final List<Object> loopStates = new ArrayList<>();
        private final List<SpecState> loopAbstractStates = new ArrayList<>();
        /** Set at the first visit of the loop state; then the actors enabled at every scheduling point since. */
        private boolean inLoop;
        private Set<String> enabledThroughout;
        private final Set<String> movedInLoop = new HashSet<>();
        private Scheduler scheduler;
        private ReplayTarget.Instance instance;
        private SpecState previous;
        private int reached;
        private int stutters;
        private int alternative;
        private int alternatives;
        private Divergence divergence;
        private RefinementViolation refinement;
        private ReplayResult.PropertyViolation property;
        private RunResult run;

        Attempt(ReplayPlan plan, int[] prefix, Optional<RefinementChecker.Run> refinementRun, Options options) {
            this.plan = plan;
            this.prefix = prefix;
            this.refinementRun = refinementRun;
            this.options = options;
        }

        void runOn(ReplayTarget target) {
            scheduler = new Scheduler(this, options.stepBound());
            instance = target.start(scheduler);
            scheduler.addListener(this);
            run = scheduler.run();
            if (previous == null) {
                // Nothing was ever enabled: the initial state is all there is.
                start();
            }
            if (divergence == null && refinement == null && reached < plan.steps().size()) {
                divergence = new Divergence(Divergence.Kind.RUN_ENDED, reached + 1, plan.steps().get(reached),
                        run.steps(), run.outcome().toString(), ImmutableList.of());
            }
        }

        boolean followedPlan() {
            return divergence == null && refinement == null && reached == plan.steps().size();
        }

        /** The initial state, read once the tasks have run to their first scheduling points. */
        private void start() {
            previous = instance.abstractState();
            refinementRun.flatMap(r -> r.observe(ObservedStep.initial(previous))).ifPresent(v -> refinement = v);
            if (!previous.equals(plan.initial())) {
                divergence = new Divergence(Divergence.Kind.INITIAL_STATE, 0, null, 0, "(before the first step)",
                        StateDiff.lines(plan.initial(), previous));
            }
            checkProperty(0);
            visit(0);
        }

        @Override
        public int choose(List<Choice> enabled) {
            if (previous == null) {
                start();
            }
            if (divergence != null || refinement != null) {
                return STOP;
            }
            noteFairness(enabled);
            if (reached == plan.steps().size()) {
                // The trace is over. After a deadlock the implementation may still stutter (a writer queueing on a
                // busy lock) before it blocks; anything else it does is checked in onStep.
                return plan.drain() && stutters < options.maxStutters() ? pick(enabled, enabled.get(0).task())
                        : STOP;
            }
            PlannedStep next = plan.steps().get(reached);
            int pick = pick(enabled, next.actor());
            if (pick < 0) {
                divergence = new Divergence(Divergence.Kind.ACTOR_BLOCKED, reached + 1, next, 0, "",
                        enabled.stream().map(c -> "enabled: " + c).collect(ImmutableList.toImmutableList()));
                return STOP;
            }
            return pick;
        }

        /** The index in {@code enabled} of the actor's alternative this attempt takes, or -1 if it has none. */
        private int pick(List<Choice> enabled, String actor) {
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < enabled.size(); i++) {
                if (enabled.get(i).task().equals(actor)) {
                    mine.add(i);
                }
            }
            if (mine.isEmpty()) {
                return -1;
            }
            alternatives = mine.size();
            alternative = 0;
            if (mine.size() > 1) {
                int d = decisions.size();
                alternative = d < prefix.length ? prefix[d] : 0;
                decisions.add(new int[] {mine.size(), alternative});
            }
            return mine.get(alternative);
        }

        @Override
        public void onStep(long step, String task, String label) {
            SpecState now = instance.abstractState();
            refinementRun.flatMap(r -> r.observe(new ObservedStep(step, task, label, now)))
                    .ifPresent(v -> refinement = v);
            int position = -1;
            if (reached == plan.steps().size()) {
                if (!now.equals(previous)) {
                    divergence = new Divergence(Divergence.Kind.MOVES_AFTER_END, reached, plan.steps().isEmpty()
                            ? null : plan.steps().get(reached - 1), step, task + ": " + label,
                            StateDiff.lines(previous, now));
                }
                stutters++;
            } else {
                PlannedStep next = plan.steps().get(reached);
                if (next.exact() ? now.equals(next.state()) : !now.equals(previous)) {
                    reached++;
                    position = reached;
                    stutters = 0;
                } else if (now.equals(previous)) {
                    if (++stutters > options.maxStutters()) {
                        divergence = new Divergence(Divergence.Kind.ENDLESS_STUTTER, reached + 1, next, step, label,
                                ImmutableList.of());
                    }
                } else {
                    divergence = new Divergence(Divergence.Kind.DIFFERENT_STATE, reached + 1, next, step, label,
                            StateDiff.lines(next.state(), now));
                }
            }
            steps.add(new ImplStep(step, task, label, alternative, alternatives, position));
            if (inLoop) {
                movedInLoop.add(task);
            }
            previous = now;
            checkProperty(step);
            if (position > 0) {
                visit(position);
            }
        }

        private void checkProperty(long step) {
            if (property == null) {
                ImmutableList<String> v = instance.violations();
                if (!v.isEmpty()) {
                    property = new ReplayResult.PropertyViolation(step, reached, v);
                }
            }
        }

        private void visit(int position) {
            if (plan.loopVisits().contains(position)) {
                loopStates.add(List.of(scheduler.controlState(), instance.exactState()));
                loopAbstractStates.add(previous);
                inLoop = true;
            }
        }

        /** From the first loop visit on: which actors were enabled at every scheduling point. */
        private void noteFairness(List<Choice> enabled) {
            if (!inLoop) {
                return;
            }
            Set<String> now = new LinkedHashSet<>();
            enabled.forEach(c -> now.add(c.task()));
            if (enabledThroughout == null) {
                enabledThroughout = now;
            } else {
                enabledThroughout.retainAll(now);
            }
        }

        ReplayResult result(int attempts) {
            ImmutableSet<String> ignored = enabledThroughout == null ? ImmutableSet.of()
                    : enabledThroughout.stream().filter(a -> !movedInLoop.contains(a))
                            .collect(ImmutableSet.toImmutableSet());
            return new ReplayResult(plan, reached, Optional.ofNullable(divergence), Optional.ofNullable(refinement),
                    Optional.ofNullable(property), ImmutableList.copyOf(steps), run,
                    ImmutableList.copyOf(loopStates), ImmutableList.copyOf(loopAbstractStates), ignored, attempts);
        }
    }
}

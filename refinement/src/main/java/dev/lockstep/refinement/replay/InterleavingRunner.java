package dev.lockstep.refinement.replay;

import com.google.common.collect.ImmutableList;
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
import java.util.List;
import java.util.Optional;

/**
 * Runs an interleaving (a sequence of actors) on an implementation as far as it goes, then to the end under a fair
 * schedule. Each entry lets its actor take implementation steps until one changes the abstract state (one spec
 * step); an entry whose actor has no enabled step, or only stutters, is skipped. This is how a counterexample's
 * interleaving is scheduled on an implementation that does not follow its states (the fixed variant): the same actor
 * order, as far as the code allows. After the last entry, tasks take turns in name order (each enabled task within
 * one round) until the run completes, deadlocks or reaches the step bound. The run stops at the first state that
 * violates the safety property or the refinement.
 */
public final class InterleavingRunner {
    /** @param maxStutters implementation steps per entry that change nothing before the entry is skipped */
    public record Options(int maxStutters, long stepBound) {
        public static final Options DEFAULT = new Options(32, 10_000);
    }

    private InterleavingRunner() {}

    public static InterleavingResult run(ReplayTarget target, List<ActorStep> schedule,
            Optional<RefinementChecker> checker, Options options) {
        Run r = new Run(ImmutableList.copyOf(schedule), checker.map(RefinementChecker::newRun), options);
        Scheduler scheduler = new Scheduler(r, options.stepBound());
        r.instance = target.start(scheduler);
        scheduler.addListener(r);
        RunResult result = scheduler.run();
        if (r.previous == null) {
            r.start();
        }
        return new InterleavingResult(r.schedule, ImmutableList.copyOf(r.skipped), r.initial,
                ImmutableList.copyOf(r.moves), Optional.ofNullable(r.refinement), Optional.ofNullable(r.property),
                result);
    }

    private static final class Run implements Schedule, StepListener {
        final ImmutableList<ActorStep> schedule;
        final Optional<RefinementChecker.Run> refinementRun;
        final Options options;
        final List<Integer> skipped = new ArrayList<>();
        final List<InterleavingResult.Move> moves = new ArrayList<>();
        ReplayTarget.Instance instance;
        SpecState initial;
        SpecState previous;
        RefinementViolation refinement;
        ReplayResult.PropertyViolation property;
        int next;
        int stutters;
        String lastTask = "";

        Run(ImmutableList<ActorStep> schedule, Optional<RefinementChecker.Run> refinementRun, Options options) {
            this.schedule = schedule;
            this.refinementRun = refinementRun;
            this.options = options;
        }

        void start() {
            initial = instance.abstractState();
            previous = initial;
            refinementRun.flatMap(r -> r.observe(ObservedStep.initial(initial))).ifPresent(v -> refinement = v);
            checkProperty(0);
        }

        @Override
        public int choose(List<Choice> enabled) {
            if (previous == null) {
                start();
            }
            if (refinement != null || property != null) {
                return STOP;
            }
            while (next < schedule.size()) {
                ActorStep entry = schedule.get(next);
                List<Integer> mine = new ArrayList<>();
                for (int i = 0; i < enabled.size(); i++) {
                    if (enabled.get(i).task().equals(entry.actor())) {
                        mine.add(i);
                    }
                }
                if (!mine.isEmpty() && stutters <= options.maxStutters()) {
                    return mine.get(Math.min(entry.alternative(), mine.size() - 1));
                }
                skipped.add(next);
                next++;
                stutters = 0;
            }
            // Fair continuation: the first enabled task after the last one that ran, in name order.
            int pick = -1;
            int first = 0;
            for (int i = 0; i < enabled.size(); i++) {
                String t = enabled.get(i).task();
                if (t.compareTo(enabled.get(first).task()) < 0) {
                    first = i;
                }
                if (t.compareTo(lastTask) > 0 && (pick < 0 || t.compareTo(enabled.get(pick).task()) < 0)) {
                    pick = i;
                }
            }
            return pick >= 0 ? pick : first;
        }

        @Override
        public void onStep(long step, String task, String label) {
            lastTask = task;
            SpecState now = instance.abstractState();
            refinementRun.flatMap(r -> r.observe(new ObservedStep(step, task, label, now)))
                    .ifPresent(v -> refinement = v);
            boolean moved = !now.equals(previous);
            if (moved) {
                moves.add(new InterleavingResult.Move(step, task, label, now));
            }
            if (next < schedule.size()) {
                if (moved) {
                    next++;
                    stutters = 0;
                } else {
                    stutters++;
                }
            }
            previous = now;
            checkProperty(step);
        }

        private void checkProperty(long step) {
            if (property == null) {
                ImmutableList<String> v = instance.violations();
                if (!v.isEmpty()) {
                    property = new ReplayResult.PropertyViolation(step, moves.size(), v);
                }
            }
        }
    }
}

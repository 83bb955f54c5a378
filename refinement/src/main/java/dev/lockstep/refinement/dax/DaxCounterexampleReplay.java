package dev.lockstep.refinement.dax;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.refinement.ActionInstance;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.StepVerdict;
import dev.lockstep.refinement.replay.ActorStep;
import dev.lockstep.refinement.replay.Counterexample;
import dev.lockstep.refinement.replay.CounterexampleFormatException;
import dev.lockstep.refinement.replay.DeltaDebugging;
import dev.lockstep.refinement.replay.ImplStep;
import dev.lockstep.refinement.replay.InterleavingResult;
import dev.lockstep.refinement.replay.InterleavingRunner;
import dev.lockstep.refinement.replay.PlannedStep;
import dev.lockstep.refinement.replay.PropertyVerdicts;
import dev.lockstep.refinement.replay.ReplayPlan;
import dev.lockstep.refinement.replay.ReplayResult;
import dev.lockstep.refinement.replay.ScheduleEdit;
import dev.lockstep.refinement.replay.TraceReplayer;
import dev.lockstep.refinement.replay.ViolatedProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A DaxReclaim counterexample as a regression test of the Java model. {@link #reproduce} replays the trace on the
 * variant that produced it and demands the same violation, step for step: the invariant breaks exactly in the last
 * state, the run ends in the runtime's deadlock report, or the lasso's loop repeats with the access not done.
 * {@link #checkFixed} schedules the same interleaving (the sequence of actors) on the variant that fixed the bug, and
 * every interleaving one edit away from it, and demands that the property holds; a failing interleaving is shrunk and
 * rendered.
 */
public final class DaxCounterexampleReplay {
    /**
     * Times the replay of a lasso runs its loop after reaching the loop state: enough to find the implementation's
     * exact state repeating even when its cycle spans several loops of the spec (the worker's list_move_tail
     * alternates between the busy ranges, where the trace keeps choosing the same one).
     */
    public static final int LOOPS = 4;

    private DaxCounterexampleReplay() {}

    /** The variant whose code fixed the bug a counterexample of {@code v} shows. */
    public static DaxVariant fixedVariant(DaxVariant v) {
        return switch (v) {
            case INODE_TRYLOCK, REFCOUNT_RELAXED, REFCOUNT_UPSTREAM -> DaxVariant.REFCOUNT_UPSTREAM;
            case FAULT_INLINE_RECLAIM, FAULT_WAIT_RETRY -> DaxVariant.FAULT_WAIT_RETRY;
        };
    }

    /**
     * A replay on the counterexample's own variant.
     *
     * @param failure why the replay does not reproduce the violation; empty when it does
     */
    public record Reproduction(Counterexample counterexample, DaxConfig config, ReplayResult replay,
            Optional<String> failure) {

        public boolean reproduced() {
            return failure.isEmpty();
        }

        /** The interleaving the replay followed, for scheduling on other code. */
        public ImmutableList<ActorStep> interleaving() {
            return ActorStep.of(replay);
        }

        /** Readable: the verdict, then per spec step the implementation operations that made it. */
        public String render() {
            StringBuilder out = new StringBuilder();
            ReplayResult r = replay;
            long stutters = r.steps().stream().filter(ImplStep::stutter).count();
            out.append("replay on ").append(config.variant().specName()).append(": ")
                    .append(failure.map(f -> "NOT reproduced: " + f).orElse("reproduced step for step"))
                    .append(String.format(" (%d spec steps, %d impl steps of which %d stutters, %d attempt%s)\n",
                            r.reached(), r.steps().size(), stutters, r.attempts(), r.attempts() == 1 ? "" : "s"));
            List<String> ops = new ArrayList<>();
            for (ImplStep s : r.steps()) {
                ops.add(s.operation() + (s.alternatives() > 1 ? " [alternative " + (s.alternative() + 1) + " of "
                        + s.alternatives() + "]" : "") + (s.stutter() ? " (stutter)" : ""));
                if (!s.stutter()) {
                    PlannedStep p = r.plan().steps().get(s.reached() - 1);
                    // "loop" marks a further repetition of a lasso's loop, matched by actor and not by state.
                    out.append(String.format("  %s %2d %-7s %-27s <- %s\n", p.exact() ? "state" : "loop ",
                            p.stateNumber(), p.actor(), p.action(), String.join(" ; ", ops)));
                    ops.clear();
                }
            }
            if (!ops.isEmpty()) {
                out.append("  after the trace: ").append(String.join(" ; ", ops)).append('\n');
            }
            r.divergence().ifPresent(d -> out.append("  ").append(d.render()));
            r.refinement().ifPresent(v -> out.append("  ").append(v.render()));
            r.property().ifPresent(p -> out.append("  ").append(counterexample.property()).append(" on the impl after impl step ")
                    .append(p.implStep()).append(": ").append(String.join("; ", p.messages())).append('\n'));
            out.append("  run: ").append(r.run()).append('\n');
            if (!r.loopStates().isEmpty()) {
                out.append("  loop state of the trace visited ").append(r.loopStates().size()).append(" times; ")
                        .append(r.loopCycle().map(c -> "the impl's exact state at visit " + (c.second() + 1)
                                + " equals visit " + (c.first() + 1) + ": it loops forever, with "
                                + busyTasks(r.loopAbstractStates().get(c.second())) + " never done")
                                .orElse("the impl's exact state never repeats"))
                        .append(r.ignoredInLoop().isEmpty() ? "" : "; ignored while enabled: " + r.ignoredInLoop())
                        .append('\n');
            }
            return out.toString();
        }
    }

    /** Replays {@code cx} on its own variant with the spec of {@code specDir} checking refinement. */
    public static Reproduction reproduce(Counterexample cx, Path specDir) {
        DaxSpecConstants constants = DaxSpecConstants.of(specDir, cx.variant());
        try (SpecOracle oracle = SpecOracle.load(specDir, DaxRefinement.MODULE, constants.cfg())) {
            return reproduce(cx, constants, Optional.of(new RefinementChecker(oracle)));
        }
    }

    /** Replays {@code cx} with the constants of its model, checking refinement if a checker is given. */
    public static Reproduction reproduce(Counterexample cx, DaxSpecConstants constants,
            Optional<RefinementChecker> checker) {
        DaxConfig config = located(cx, () -> DaxTraceConfig.of(cx.trace(), constants));
        ReplayPlan plan = located(cx, () -> ReplayPlan.of(cx.trace(), cx.property().kind(), LOOPS));
        ReplayResult r = TraceReplayer.replay(new DaxReplayTarget(config, cx.property()), plan, checker,
                TraceReplayer.Options.DEFAULT);
        return new Reproduction(cx, config, r, whyNotReproduced(cx, r));
    }

    /** Adds the file to the message of a trace that does not fit. */
    private static <T> T located(Counterexample cx, Supplier<T> derive) {
        try {
            return derive.get();
        } catch (CounterexampleFormatException e) {
            throw new CounterexampleFormatException(cx.file() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> whyNotReproduced(Counterexample cx, ReplayResult r) {
        if (r.refinement().isPresent()) {
            return Optional.of("refinement violation at impl step " + r.refinement().get().step());
        }
        if (r.divergence().isPresent()) {
            return Optional.of(r.divergence().get().render().lines().findFirst().orElse(""));
        }
        int last = r.plan().steps().size();
        switch (cx.property().kind()) {
            case INVARIANT -> {
                if (r.property().isEmpty()) {
                    return Optional.of(cx.property() + " holds on the impl in every state of the replay");
                }
                if (r.property().get().position() != last) {
                    return Optional.of(cx.property() + " is violated on the impl at trace position "
                            + r.property().get().position() + ", the trace violates it at " + last);
                }
            }
            case DEADLOCK -> {
                if (!(r.run().outcome() instanceof Outcome.Deadlock)) {
                    return Optional.of("the impl does not deadlock after the trace: " + r.run());
                }
            }
            case TEMPORAL -> {
                if (r.plan().loopVisits().isEmpty()) {
                    if (!(r.run().outcome() instanceof Outcome.Deadlock)) {
                        return Optional.of("the trace stutters forever, the impl does not stop: " + r.run());
                    }
                } else if (r.loopCycle().isEmpty()) {
                    return Optional.of("the impl's exact state never repeats at the loop state in " + LOOPS
                            + " loops");
                } else if (!r.ignoredInLoop().isEmpty()) {
                    return Optional.of("the loop is unfair to " + r.ignoredInLoop() + " in the impl");
                }
                ImmutableList<String> stuck = busyTasks(r.plan().stateAt(r.plan().loopVisits().get(0)));
                if (stuck.isEmpty()) {
                    return Optional.of("every task is idle in the loop state: no access is left undone");
                }
                for (ImmutableMap<String, TlaValue> visit : r.loopAbstractStates()) {
                    if (!busyTasks(visit).containsAll(stuck)) {
                        return Optional.of(stuck + " finish their access during the impl's loop");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Tasks whose {@code pc} is not {@code "idle"}: accesses under way. */
    static ImmutableList<String> busyTasks(ImmutableMap<String, TlaValue> state) {
        TlaFunction pc = (TlaFunction) state.get("pc");
        return pc.asMap().entrySet().stream()
                .filter(e -> !e.getKey().equals(TlaString.of("worker")) && !e.getValue().equals(TlaString.of("idle")))
                .map(e -> ((TlaString) e.getKey()).value()).collect(ImmutableList.toImmutableList());
    }

    /**
     * The property on the fixed variant along an interleaving and its one-edit neighbours.
     *
     * @param base the run of the counterexample's interleaving
     * @param baseFailure why the property fails along it, if it does
     * @param firstDifference the first spec step where the fixed code does something else than the trace, if any
     * @param neighbours how many neighbouring interleavings were run
     * @param failures failing neighbours, each shrunk to a 1-minimal interleaving and rendered
     */
    public record FixedCheck(DaxVariant fixed, InterleavingResult base, Optional<String> baseFailure,
            Optional<String> firstDifference, int neighbours, ImmutableList<String> failures) {

        public boolean holds() {
            return baseFailure.isEmpty() && failures.isEmpty();
        }

        public String render() {
            StringBuilder out = new StringBuilder();
            out.append("fixed variant ").append(fixed.specName()).append(": ")
                    .append(baseFailure.map(f -> "VIOLATED along the interleaving: " + f)
                            .orElse("property holds along the interleaving"))
                    .append(" (run: ").append(base.run()).append(")\n");
            out.append("  interleaving ").append(base.schedule()).append(base.skipped().isEmpty() ? ""
                    : ", entries " + base.skipped() + " skipped (actor blocked or done)").append('\n');
            firstDifference.ifPresent(d -> out.append("  ").append(d).append('\n'));
            out.append("  ").append(neighbours).append(" neighbouring interleavings (one swap, insert or drop): ")
                    .append(failures.isEmpty() ? "property holds on all" : failures.size() + " FAIL").append('\n');
            failures.forEach(f -> out.append(f.indent(4)));
            return out.toString();
        }
    }

    /** Runs {@code interleaving} and its neighbours on the fixed variant of {@code cx}'s. */
    public static FixedCheck checkFixed(Counterexample cx, ImmutableList<ActorStep> interleaving, Path specDir) {
        DaxVariant fixed = fixedVariant(DaxSpecConstants.of(specDir, cx.variant()).variant());
        DaxSpecConstants constants = DaxSpecConstants.of(specDir, fixed.specName());
        DaxConfig config = located(cx, () -> DaxTraceConfig.of(cx.trace(), constants));
        DaxReplayTarget target = new DaxReplayTarget(config, cx.property());
        try (SpecOracle oracle = SpecOracle.load(specDir, DaxRefinement.MODULE, constants.cfg())) {
            RefinementChecker checker = new RefinementChecker(oracle);
            InterleavingResult base = run(target, interleaving, checker);
            Optional<String> baseFailure = PropertyVerdicts.failure(cx.property(), base);
            List<String> actors = new ArrayList<>(constants.tasks());
            actors.add(DaxConfig.WORKER);
            ImmutableList<ImmutableList<ActorStep>> neighbours = ScheduleEdit.neighbours(interleaving, actors);
            List<String> failures = new ArrayList<>();
            for (ImmutableList<ActorStep> n : neighbours) {
                if (PropertyVerdicts.failure(cx.property(), run(target, n, checker)).isPresent()) {
                    failures.add(shrunk(cx.property(), target, n, checker, oracle));
                }
            }
            return new FixedCheck(fixed, base, baseFailure, firstDifference(cx, base, oracle), neighbours.size(),
                    ImmutableList.copyOf(failures));
        }
    }

    static InterleavingResult run(DaxReplayTarget target, List<ActorStep> interleaving, RefinementChecker checker) {
        return InterleavingRunner.run(target, interleaving, Optional.of(checker), InterleavingRunner.Options.DEFAULT);
    }

    /** Shrinks a failing interleaving (delta debugging) and renders its run with the spec's action names. */
    static String shrunk(ViolatedProperty property, DaxReplayTarget target, List<ActorStep> failing,
            RefinementChecker checker, SpecOracle oracle) {
        ImmutableList<ActorStep> min = DeltaDebugging.minimise(failing,
                s -> PropertyVerdicts.failure(property, run(target, s, checker)).isPresent());
        InterleavingResult r = run(target, min, checker);
        return "failing interleaving " + failing + " shrinks to " + min + ": "
                + PropertyVerdicts.failure(property, r).orElseThrow() + "\n" + r.render(actionNamer(oracle));
    }

    /** Names a step by the spec actions that allow it. */
    static BiFunction<ImmutableMap<String, TlaValue>, ImmutableMap<String, TlaValue>, String> actionNamer(
            SpecOracle oracle) {
        return (before, after) -> {
            StepVerdict v = oracle.step(before, after);
            return v.actions().isEmpty() ? "(no spec action)"
                    : v.actions().stream().map(ActionInstance::name).distinct().collect(Collectors.joining("/"));
        };
    }

    private static Optional<String> firstDifference(Counterexample cx, InterleavingResult base, SpecOracle oracle) {
        ReplayPlan plan = ReplayPlan.of(cx.trace(), cx.property().kind(), LOOPS);
        ImmutableMap<String, TlaValue> before = base.initial();
        for (int i = 0; i < plan.steps().size(); i++) {
            PlannedStep p = plan.steps().get(i);
            if (i >= base.moves().size()) {
                return Optional.of("the fixed code stops following the trace before state " + p.stateNumber() + " ("
                        + p.action() + " by " + p.actor() + ")");
            }
            InterleavingResult.Move m = base.moves().get(i);
            String action = actionNamer(oracle).apply(before, m.state());
            // The step closing a lasso has no recorded action name: only its actor can be compared.
            boolean named = !p.action().startsWith("(");
            if (!m.actor().equals(p.actor()) || (named && !action.equals(p.action()))) {
                return Optional.of("first difference from the trace at state " + p.stateNumber() + ": trace "
                        + p.action() + " by " + p.actor() + ", fixed code " + action + " by " + m.actor() + " ("
                        + m.operation() + ")");
            }
            before = m.state();
        }
        return Optional.empty();
    }
}

package dev.lockstep.refinement.binding;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.impl.runtime.MemoryModel;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.refinement.ActionInstance;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.SpecState;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A counterexample as a regression test of a protocol's Java model. {@link #reproduce} replays the trace on the
 * variant that produced it and demands the same violation, step for step: the invariant (as TLC evaluates it on the
 * mapped state) breaks exactly in the last state, the run ends in the runtime's deadlock report, or the lasso's loop
 * repeats with the operation not done. {@link #checkFixed} schedules the same interleaving (the sequence of actors) on
 * the variant that fixed the bug, and every interleaving one edit away from it, and demands that the property holds
 * and, where the fixed variant's expectations promise it, that every run completes; a failing interleaving is shrunk
 * and rendered.
 */
public final class CounterexampleReplay {
    /**
     * Times the replay of a lasso runs its loop after reaching the loop state: enough to find the implementation's
     * exact state repeating even when its cycle spans several loops of the spec.
     */
    public static final int LOOPS = 4;

    private CounterexampleReplay() {}

    /**
     * A replay on the counterexample's own variant.
     *
     * @param memoryModel the memory model the replay ran under
     * @param failure why the replay does not reproduce the violation; empty when it does
     */
    public record Reproduction(Counterexample counterexample, String variant, MemoryModel memoryModel,
            ReplayResult replay, ImmutableList<String> busyAtLoop, Optional<String> failure) {

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
            out.append("replay on ").append(variant).append(" under ").append(memoryModel).append(": ")
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
            r.property().ifPresent(p -> out.append("  ").append(counterexample.property())
                    .append(" on the impl after impl step ").append(p.implStep()).append(": ")
                    .append(String.join("; ", p.messages())).append('\n'));
            out.append("  run: ").append(r.run()).append('\n');
            if (!r.loopStates().isEmpty()) {
                out.append("  loop state of the trace visited ").append(r.loopStates().size()).append(" times; ")
                        .append(r.loopCycle().map(c -> "the impl's exact state at visit " + (c.second() + 1)
                                + " equals visit " + (c.first() + 1) + ": it loops forever, with " + busyAtLoop
                                + " never done")
                                .orElse("the impl's exact state never repeats"))
                        .append(r.ignoredInLoop().isEmpty() ? "" : "; ignored while enabled: " + r.ignoredInLoop())
                        .append('\n');
            }
            return out.toString();
        }
    }

    /** Replays {@code cx} on its own variant, refinement and the violated invariant checked by the spec. */
    public static <C> Reproduction reproduce(ProtocolBinding<C> binding, ProtocolSpec spec, Counterexample cx) {
        SpecConstants constants = spec.constants(cx.variant());
        try (SpecOracle oracle = spec.oracle(cx.variant())) {
            return reproduce(binding, constants, cx, oracle, Optional.of(new RefinementChecker(oracle)));
        }
    }

    /** Replays {@code cx} with the constants of its model, checking refinement if a checker is given. */
    public static <C> Reproduction reproduce(ProtocolBinding<C> binding, SpecConstants constants, Counterexample cx,
            SpecOracle oracle, Optional<RefinementChecker> checker) {
        C config = located(cx, () -> binding.configOf(constants, cx.trace()));
        ReplayPlan plan = located(cx, () -> ReplayPlan.of(cx.trace(), cx.property().kind(), LOOPS, binding::actor));
        BoundModel<C> target = target(binding, config, cx.property(), oracle);
        ReplayResult r = TraceReplayer.replay(target, plan, checker, TraceReplayer.Options.DEFAULT);
        ImmutableList<String> busy = r.plan().loopVisits().isEmpty() ? ImmutableList.of()
                : binding.busyTasks(r.plan().stateAt(r.plan().loopVisits().get(0)));
        return new Reproduction(cx, constants.string("Variant"), target.memoryModel(), r, busy,
                whyNotReproduced(binding, cx, r, busy));
    }

    /**
     * The model with {@code config}, judging the counterexample's invariant or action property (if it is one) by the
     * spec.
     */
    public static <C> BoundModel<C> target(ProtocolBinding<C> binding, C config, ViolatedProperty property,
            SpecOracle oracle) {
        boolean witness = property.kind() == ViolatedProperty.Kind.WITNESS;
        boolean action = property.kind() == ViolatedProperty.Kind.ACTION;
        return new BoundModel<>(binding, config, property.kind() == ViolatedProperty.Kind.INVARIANT || witness || action
                ? Optional.of(new BoundModel.Invariant(oracle, property.name(), witness, action)) : Optional.empty());
    }

    /** Adds the file to the message of a trace that does not fit. */
    private static <T> T located(Counterexample cx, Supplier<T> derive) {
        try {
            return derive.get();
        } catch (CounterexampleFormatException e) {
            throw new CounterexampleFormatException(cx.file() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> whyNotReproduced(ProtocolBinding<?> binding, Counterexample cx, ReplayResult r,
            ImmutableList<String> stuck) {
        if (r.refinement().isPresent()) {
            return Optional.of("refinement violation at impl step " + r.refinement().get().step());
        }
        if (r.divergence().isPresent()) {
            return Optional.of(r.divergence().get().render().lines().findFirst().orElse(""));
        }
        int last = r.plan().steps().size();
        switch (cx.property().kind()) {
            case INVARIANT, WITNESS, ACTION -> {
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
                if (!r.plan().loopVisits().isEmpty()) {
                    if (stuck.isEmpty()) {
                        return Optional.of("every task is idle in the loop state: nothing is left undone");
                    }
                    for (SpecState visit : r.loopAbstractStates()) {
                        if (!binding.busyTasks(visit).containsAll(stuck)) {
                            return Optional.of(stuck + " finish their operation during the impl's loop");
                        }
                    }
                }
            }
        }
        return Optional.empty();
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
    public record FixedCheck(String fixed, InterleavingResult base, Optional<String> baseFailure,
            Optional<String> firstDifference, int neighbours, ImmutableList<String> failures) {

        public boolean holds() {
            return baseFailure.isEmpty() && failures.isEmpty();
        }

        public String render() {
            StringBuilder out = new StringBuilder();
            out.append("fixed variant ").append(fixed).append(": ")
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

    /**
     * The fixed variant's side of a counterexample: the same model (the counterexample's constants and start) with the
     * fixed design's {@code Variant}, and whether the fixed variant's expectations promise that every run completes.
     */
    public record FixedSide<C>(String variant, BoundModel<C> target, boolean mustComplete) {
        public Optional<String> failure(ViolatedProperty property, InterleavingResult run) {
            return PropertyVerdicts.failure(property, run, mustComplete);
        }
    }

    /** The fixed variant's configuration for {@code cx}, and the spec's model of it (TLC configuration text). */
    public record FixedModel<C>(String variant, C config, String specConfig) {}

    public static <C> FixedModel<C> fixedModel(ProtocolBinding<C> binding, ProtocolSpec spec, Counterexample cx) {
        SpecConstants own = spec.constants(cx.variant());
        String fixed = binding.fixedVariant(own.string("Variant"));
        C config = located(cx, () -> binding.configOf(own.with("Variant", TlaString.of(fixed)), cx.trace()));
        return new FixedModel<>(fixed, config, binding.specConfig(config));
    }

    /** The fixed side of {@code cx}, judged by {@code fixedOracle} (loaded with {@link FixedModel#specConfig()}). */
    public static <C> FixedSide<C> fixedSide(ProtocolBinding<C> binding, ProtocolSpec spec, Counterexample cx,
            FixedModel<C> model, SpecOracle fixedOracle) {
        return new FixedSide<>(model.variant(), target(binding, model.config(), cx.property(), fixedOracle),
                spec.mustComplete(model.variant()));
    }

    /**
     * Why {@code cx} has no check on a fixed variant, if it has none: a witness shows a state that exists, not a bug;
     * the fixed design's model (the same constants but {@code Variant}) is expected to violate the property too
     * (syncfs' {@code InstalledBucketNonZero} under the LKMM); a model whose runs never end cannot show on finite runs
     * that a property holds.
     */
    public static <C> Optional<String> whyNoFixedCheck(ProtocolBinding<C> binding, ProtocolSpec spec,
            Counterexample cx) {
        if (cx.property().kind() == ViolatedProperty.Kind.WITNESS) {
            return Optional.of("a witness shows a reachable state, not a bug: no fixed variant to check");
        }
        SpecConstants own = spec.constants(cx.variant());
        SpecConstants fixed = own.with("Variant", TlaString.of(binding.fixedVariant(own.string("Variant"))));
        // only the models expected to violate the property are read (a cfg parse each)
        Optional<String> fixedModel = spec.models().variants().stream()
                .filter(m -> spec.expectedViolated(m, cx.property().name()))
                .filter(m -> spec.constants(m).sameValues(fixed)).findFirst();
        if (fixedModel.isPresent()) {
            return Optional.of("the fixed design's model " + fixedModel.get() + " is expected to violate "
                    + cx.property().name() + " as well: no fixed variant to check");
        }
        return binding.whyRunsNeverEnd(fixedModel(binding, spec, cx).config())
                .map(why -> why + ": the fixed variant is not checked on finite runs");
    }

    /**
     * Runs {@code interleaving} and its neighbours on the fixed variant of {@code cx}'s.
     *
     * @throws IllegalArgumentException if {@link #whyNoFixedCheck} gives a reason
     */
    public static <C> FixedCheck checkFixed(ProtocolBinding<C> binding, ProtocolSpec spec, Counterexample cx,
            ImmutableList<ActorStep> interleaving) {
        whyNoFixedCheck(binding, spec, cx).ifPresent(why -> {
            throw new IllegalArgumentException(cx.id() + ": " + why);
        });
        FixedModel<C> model = fixedModel(binding, spec, cx);
        try (SpecOracle oracle = spec.oracleWithConfig(model.specConfig())) {
            FixedSide<C> side = fixedSide(binding, spec, cx, model, oracle);
            RefinementChecker checker = new RefinementChecker(oracle);
            InterleavingResult base = run(side.target(), interleaving, checker);
            Optional<String> baseFailure = side.failure(cx.property(), base);
            ImmutableList<ImmutableList<ActorStep>> neighbours = ScheduleEdit.neighbours(interleaving,
                    binding.actors(side.target().config()));
            List<String> failures = new ArrayList<>();
            for (ImmutableList<ActorStep> n : neighbours) {
                if (side.failure(cx.property(), run(side.target(), n, checker)).isPresent()) {
                    failures.add(shrunk(side, cx.property(), n, checker, oracle));
                }
            }
            return new FixedCheck(model.variant(), base, baseFailure, firstDifference(binding, cx, base, oracle),
                    neighbours.size(), ImmutableList.copyOf(failures));
        }
    }

    public static InterleavingResult run(BoundModel<?> target, List<ActorStep> interleaving,
            RefinementChecker checker) {
        return InterleavingRunner.run(target, interleaving, Optional.of(checker), InterleavingRunner.Options.DEFAULT);
    }

    /** Shrinks a failing interleaving (delta debugging) and renders its run with the spec's action names. */
    public static String shrunk(FixedSide<?> side, ViolatedProperty property, List<ActorStep> failing,
            RefinementChecker checker, SpecOracle oracle) {
        ImmutableList<ActorStep> min = DeltaDebugging.minimise(failing,
                s -> side.failure(property, run(side.target(), s, checker)).isPresent());
        InterleavingResult r = run(side.target(), min, checker);
        return "failing interleaving " + failing + " shrinks to " + min + ": "
                + side.failure(property, r).orElseThrow() + "\n" + r.render(actionNamer(oracle));
    }

    /** Names a step by the spec actions that allow it. */
    public static BiFunction<SpecState, SpecState, String> actionNamer(SpecOracle oracle) {
        return (before, after) -> {
            StepVerdict v = oracle.step(before, after);
            return v.actions().isEmpty() ? "(no spec action)"
                    : v.actions().stream().map(ActionInstance::name).distinct().collect(Collectors.joining("/"));
        };
    }

    private static Optional<String> firstDifference(ProtocolBinding<?> binding, Counterexample cx,
            InterleavingResult base, SpecOracle oracle) {
        ReplayPlan plan = ReplayPlan.of(cx.trace(), cx.property().kind(), LOOPS, binding::actor);
        SpecState before = base.initial();
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

package dev.lockstep.refinement.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import com.google.common.collect.ImmutableList;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.replay.ActorStep;
import dev.lockstep.refinement.replay.Counterexample;
import dev.lockstep.refinement.replay.CounterexampleTestFactory;
import dev.lockstep.refinement.replay.InterleavingRunner;
import dev.lockstep.refinement.replay.NeighbourEdits;
import dev.lockstep.refinement.replay.PropertyVerdicts;
import dev.lockstep.refinement.replay.ScheduleEdit;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Every counterexample of every protocol with a Java model is a regression test of that model: it reproduces on its
 * variant step for step, its interleaving (and every neighbour) keeps the property on the fixed variant, and the same
 * interleaving does violate it on the buggy variant (so the fixed-variant check is not vacuous). A spec mutant's
 * counterexample is skipped: the Java model breaks none of the spec's fixes.
 */
class BindingCounterexampleTest {
    /** One container per protocol, one test per counterexample file. */
    private static Stream<DynamicNode> each(BiFunction<ProtocolBinding<?>, ProtocolSpec,
            ThrowingConsumer<Counterexample>> test) {
        return ProtocolBindings.all().stream().map(b -> {
            ProtocolSpec spec = Repository.spec(b.protocol());
            ThrowingConsumer<Counterexample> body = test.apply(b, spec);
            return DynamicContainer.dynamicContainer(b.protocol(), CounterexampleTestFactory.each(
                    spec.counterexamples(), cx -> {
                        ProtocolSpec.notReplayed(spec.constants(cx.variant())).ifPresent(Assumptions::abort);
                        body.accept(cx);
                    }));
        });
    }

    @TestFactory
    Stream<DynamicNode> everyCounterexampleReproducesOnItsVariantAndHoldsOnTheFixedVariant() {
        return each((b, spec) -> cx -> reproducesAndHoldsOnFixed(b, spec, cx));
    }

    private static <C> void reproducesAndHoldsOnFixed(ProtocolBinding<C> b, ProtocolSpec spec, Counterexample cx) {
        CounterexampleReplay.Reproduction r = CounterexampleReplay.reproduce(b, spec, cx);
        assertTrue(r.reproduced(), r::render);
        assertEquals(Optional.empty(), r.replay().refinement());
        if (CounterexampleReplay.whyNoFixedCheck(b, spec, cx).isPresent()) {
            return;
        }
        CounterexampleReplay.FixedCheck f = CounterexampleReplay.checkFixed(b, spec, cx, r.interleaving());
        assertTrue(f.holds(), f::render);
        assertTrue(f.neighbours() > 0);
    }

    /** The actor order of the counterexample as its own variant reproduces it. */
    static <C> ImmutableList<ActorStep> interleavingOf(ProtocolBinding<C> b, ProtocolSpec spec, Counterexample cx,
            SpecOracle own) {
        return CounterexampleReplay.reproduce(b, spec.constants(cx.variant()), cx, own, Optional.empty())
                .interleaving();
    }

    /** A witness, or a model whose runs never end: only the reproduction is checked. */
    private static void skipWithoutFixedCheck(ProtocolBinding<?> b, ProtocolSpec spec, Counterexample cx) {
        CounterexampleReplay.whyNoFixedCheck(b, spec, cx).ifPresent(Assumptions::abort);
    }

    @TestFactory
    Stream<DynamicNode> theInterleavingViolatesThePropertyOnTheBuggyVariant() {
        return each((b, spec) -> cx -> violatesOnBuggy(b, spec, cx));
    }

    private static <C> void violatesOnBuggy(ProtocolBinding<C> b, ProtocolSpec spec, Counterexample cx) {
        skipWithoutFixedCheck(b, spec, cx);
        SpecConstants own = spec.constants(cx.variant());
        try (SpecOracle oracle = spec.oracle(cx.variant())) {
            ImmutableList<ActorStep> interleaving = interleavingOf(b, spec, cx, oracle);
            BoundModel<C> target = CounterexampleReplay.target(b, b.configOf(own, cx.trace()), cx.property(), oracle);
            // No refinement check: a livelock runs to the step bound, which is itself a failure.
            assertTrue(PropertyVerdicts.failure(cx.property(), InterleavingRunner.run(target, interleaving,
                    Optional.empty(), InterleavingRunner.Options.DEFAULT), false).isPresent(),
                    interleaving::toString);
        }
    }

    @TestFactory
    Stream<DynamicNode> neighbouringInterleavingsFromQuickTheoriesHoldOnTheFixedVariant() {
        return each((b, spec) -> cx -> randomNeighboursHold(b, spec, cx));
    }

    private static <C> void randomNeighboursHold(ProtocolBinding<C> b, ProtocolSpec spec, Counterexample cx) {
        skipWithoutFixedCheck(b, spec, cx);
        ImmutableList<ActorStep> base;
        try (SpecOracle own = spec.oracle(cx.variant())) {
            base = interleavingOf(b, spec, cx, own);
        }
        CounterexampleReplay.FixedModel<C> model = CounterexampleReplay.fixedModel(b, spec, cx);
        try (SpecOracle oracle = spec.oracleWithConfig(model.specConfig())) {
            CounterexampleReplay.FixedSide<C> side = CounterexampleReplay.fixedSide(b, spec, cx, model, oracle);
            RefinementChecker checker = new RefinementChecker(oracle);
            qt().withFixedSeed(4_2026L).withExamples(60)
                    .forAll(NeighbourEdits.editLists(b.actors(side.target().config()), 6))
                    .checkAssert(edits -> {
                        ImmutableList<ActorStep> s = ScheduleEdit.applyAll(base, edits);
                        if (side.failure(cx.property(), CounterexampleReplay.run(side.target(), s, checker))
                                .isPresent()) {
                            fail(CounterexampleReplay.shrunk(side, cx.property(), s, checker, oracle));
                        }
                    });
        }
    }
}

package dev.lockstep.refinement.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.binding.BoundModel;
import dev.lockstep.refinement.binding.CounterexampleReplay;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.binding.Repository;
import dev.lockstep.refinement.replay.ActorStep;
import dev.lockstep.refinement.replay.Counterexample;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import dev.lockstep.refinement.replay.DeltaDebugging;
import dev.lockstep.refinement.replay.ImplStep;
import dev.lockstep.refinement.replay.PropertyVerdicts;
import dev.lockstep.refinement.replay.ReplayResult;
import dev.lockstep.refinement.replay.ScheduleEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What the DAX counterexamples show when replayed on the Java model, beyond reproducing (every counterexample of
 * every protocol is replayed by {@code BindingCounterexampleTest}).
 */
class DaxCounterexampleTest {
    static final ProtocolSpec SPEC = Repository.spec("dax");
    static final DaxBinding BINDING = new DaxBinding();

    static Counterexample read(String relative) {
        return CounterexampleFiles.read(SPEC.counterexamples().resolve(relative));
    }

    @Test
    void theRelaxedDecrementOvertakesTheCopyAndReclaimTakesTheRangeInUse() {
        CounterexampleReplay.Reproduction r = CounterexampleReplay.reproduce(BINDING, SPEC,
                read("refcount-relaxed/NoReclaimWhileInUse.itf.json"));
        assertTrue(r.reproduced(), r::render);
        ReplayResult replay = r.replay();
        ImplStep dec = replay.matchedSteps().stream()
                .filter(s -> replay.plan().steps().get(s.reached() - 1).action().equals("AtomicDecVisible"))
                .findFirst().orElseThrow();
        // The copy is still in flight (alternative 1); the relaxed atomic_dec is taken instead.
        assertTrue(dec.operation().startsWith("atomic_dec("), dec::toString);
        assertEquals(1, dec.alternative());
        ReplayResult.PropertyViolation v = replay.property().orElseThrow();
        assertEquals(replay.plan().steps().size(), v.position());
        // The verdict is TLC's, on the mapped state; the binding only says who uses what.
        assertTrue(v.messages().get(0).startsWith("NoReclaimWhileInUse is FALSE: r1 at copy_dec_visible uses d"),
                v.messages()::toString);
        assertTrue(v.messages().get(0).contains("which maps none@0"), v.messages()::toString);
    }

    @Test
    void theV1FaultPathDeadlocksOnItsOwnDaxEntryInTheRuntime() {
        CounterexampleReplay.Reproduction r = CounterexampleReplay.reproduce(BINDING, SPEC,
                read("fault-inline-reclaim/deadlock.itf.json"));
        assertTrue(r.reproduced(), r::render);
        Outcome.Deadlock d = assertInstanceOf(Outcome.Deadlock.class, r.replay().run().outcome());
        assertEquals(List.of("f1", "f2", "worker"), d.blocked().stream().map(Outcome.Blocked::task).toList());
        // fuse_break_dax_layouts waits for the entry the fault itself holds.
        assertTrue(d.cycles().contains(List.of("f1")), d::toString);
    }

    @Test
    void aFailingInterleavingShrinksToAOneMinimalOneRenderedWithSpecActions() {
        Counterexample cx = read("refcount-relaxed/NoReclaimWhileInUse.itf.json");
        try (SpecOracle oracle = SPEC.oracle(cx.variant())) {
            ImmutableList<ActorStep> base = CounterexampleReplay.reproduce(BINDING, SPEC.constants(cx.variant()), cx,
                    oracle, Optional.empty()).interleaving();
            BoundModel<?> target = CounterexampleReplay.target(BINDING,
                    BINDING.configOf(SPEC.constants(cx.variant()), cx.trace()), cx.property(), oracle);
            CounterexampleReplay.FixedSide<?> side = new CounterexampleReplay.FixedSide<>(cx.variant(), target,
                    false);
            RefinementChecker checker = new RefinementChecker(oracle);
            // A neighbour with an extra worker step up front still fails; shrinking removes it again.
            ImmutableList<ActorStep> failing = new ScheduleEdit.Insert(0, "worker").applyTo(base);
            Predicate<List<ActorStep>> fails = s -> PropertyVerdicts.failure(cx.property(),
                    CounterexampleReplay.run(target, s, checker), false).isPresent();
            assertTrue(fails.test(failing));
            ImmutableList<ActorStep> min = DeltaDebugging.minimise(failing, fails);
            for (int i = 0; i < min.size(); i++) {
                List<ActorStep> smaller = new ArrayList<>(min);
                smaller.remove(i);
                assertFalse(fails.test(smaller), () -> "not 1-minimal: " + min);
            }
            String report = CounterexampleReplay.shrunk(side, cx.property(), failing, checker, oracle);
            assertTrue(report.contains("shrinks to " + min), report);
            assertTrue(report.contains("AtomicDecVisible") && report.contains("LookupAndReclaimDmapLocked"), report);
            assertTrue(report.contains("NoReclaimWhileInUse violated"), report);
        }
    }
}

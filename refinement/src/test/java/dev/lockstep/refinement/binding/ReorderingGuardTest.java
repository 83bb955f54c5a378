package dev.lockstep.refinement.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.impl.runtime.AtomicT;
import dev.lockstep.impl.runtime.MemoryModel;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.Schedules;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run under the weaker memory model is checked against a spec only if the spec has a step for a reordering: for a
 * binding whose spec has none, the first reordering fails the run, naming it, instead of passing for a stutter.
 */
class ReorderingGuardTest {
    /** A spec-less model of one task: a plain copy, then a relaxed {@code atomic_dec} that may overtake it. */
    private static final ProtocolBinding<String> COPY_THEN_DEC = new ProtocolBinding<>() {
        @Override
        public String protocol() {
            return "toy";
        }

        @Override
        public ReplayTarget.Instance start(Scheduler scheduler, String config) {
            AtomicT cnt = new AtomicT(scheduler, "cnt", 1);
            scheduler.spawn("t", () -> {
                scheduler.access("copy_to_user", () -> {});
                cnt.atomicDec();
            });
            return () -> SpecState.of(Map.of());
        }

        @Override
        public ImmutableList<String> variants() {
            return ImmutableList.of(protocol());
        }

        @Override
        public String fixedVariant(String variant) {
            return variant;
        }

        @Override
        public String configOf(SpecConstants constants, Trace trace) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ImmutableList<String> explorationStarts(String variant) {
            return ImmutableList.of(variant);
        }

        @Override
        public ImmutableList<String> everyStart(String variant) {
            return explorationStarts(variant);
        }

        @Override
        public String specConfig(String config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ImmutableList<String> actors(String config) {
            return ImmutableList.of("t");
        }

        @Override
        public ImmutableList<String> busyTasks(SpecState s) {
            return ImmutableList.of();
        }
    };

    private static RunResult run(MemoryModel model, String... schedule) {
        Scheduler scheduler = new Scheduler(Schedules.replay(List.of(schedule)));
        COPY_THEN_DEC.start(model, scheduler, "toy");
        return scheduler.run();
    }

    @Test
    void theFirstReorderingFailsARunThatTheSpecCannotExpress() {
        RunResult r = run(MemoryModel.LKMM_SUBSET, "t:atomic_dec(cnt)", "t:copy_to_user");
        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class, r.outcome());
        assertTrue(failed.cause().getMessage().contains("atomic_dec(cnt) took effect before its task's in-flight"
                + " access, and the toy spec model of toy has no step for a reordering"), failed.cause()::getMessage);
    }

    @Test
    void aRunWithoutReorderingIsCheckedAsUnderSc() {
        assertTrue(run(MemoryModel.LKMM_SUBSET, "t:copy_to_user", "t:atomic_dec(cnt)").completed());
        assertTrue(run(MemoryModel.SC, "t:copy_to_user", "t:atomic_dec(cnt)").completed());
        assertEquals(MemoryModel.SC, COPY_THEN_DEC.memoryModel("toy"));
    }
}

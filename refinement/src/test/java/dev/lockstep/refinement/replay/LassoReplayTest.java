package dev.lockstep.refinement.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.impl.runtime.Ordering;
import dev.lockstep.impl.runtime.WaitsFor;
import dev.lockstep.refinement.SpecState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A lasso replayed on a toy whose poller flips between two states forever while a waiter waits for an event that
 * never comes (or, unfairly, could run all along).
 */
class LassoReplayTest {
    /** Mutable toy state read by the replayer between steps. */
    private static final class Poller implements ReplayTarget.Instance {
        String poller = "a";

        @Override
        public SpecState abstractState() {
            return state(poller);
        }

        @Override
        public Object exactState() {
            return poller;
        }
    }

    private static SpecState state(String poller) {
        return SpecState.of(ImmutableMap.of("pc", TlaFunction.of(ImmutableMap.of(TlaString.of("poller"),
                TlaString.of(poller), TlaString.of("waiter"), TlaString.of("waiting")))));
    }

    /** The waiter blocks forever, or with {@code waiterRunnable} could take a (stuttering) step at any time. */
    private static ReplayTarget toy(boolean waiterRunnable) {
        return s -> {
            Poller p = new Poller();
            s.spawn("poller", () -> {
                while (true) {
                    s.perform("poll", Ordering.RELAXED, () -> p.poller = p.poller.equals("a") ? "b" : "a");
                }
            });
            s.spawn("waiter", () -> s.await("wait_event", Ordering.RELAXED, () -> waiterRunnable,
                    () -> WaitsFor.event("never"), () -> null));
            return p;
        };
    }

    private static ReplayPlan plan() {
        Trace t = Trace.lasso(ImmutableList.of(TraceState.initial(state("a").asMap()),
                new TraceState("Poll", Optional.empty(), state("b").asMap())), 0);
        return ReplayPlan.of(t, ViolatedProperty.Kind.TEMPORAL, 3);
    }

    @Test
    void theLoopIsRepeatedAndTheImplementationsExactStateComesBack() {
        ReplayResult r = TraceReplayer.replay(toy(false), plan(), Optional.empty(), TraceReplayer.Options.DEFAULT);
        assertTrue(r.followedPlan(), () -> r.divergence().map(Divergence::render).orElse("?"));
        assertEquals(4, r.loopStates().size());
        assertEquals(Optional.of(new ReplayResult.LoopCycle(0, 1)), r.loopCycle());
        assertEquals(ImmutableSet.of(), r.ignoredInLoop());
    }

    @Test
    void aLoopThatNeverSchedulesAnEnabledTaskIsReportedUnfair() {
        ReplayResult r = TraceReplayer.replay(toy(true), plan(), Optional.empty(), TraceReplayer.Options.DEFAULT);
        assertTrue(r.followedPlan());
        assertEquals(ImmutableSet.of("waiter"), r.ignoredInLoop());
    }
}

package dev.lockstep.refinement.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleEditTest {
    private static final ActorStep A = new ActorStep("a", 0);
    private static final ActorStep B = new ActorStep("b", 1);

    @Test
    void swapExchangesAdjacentStepsOfDifferentActorsOnly() {
        assertEquals(List.of(B, A, A), new ScheduleEdit.Swap(0).applyTo(List.of(A, B, A)));
        assertEquals(List.of(A, A, B), new ScheduleEdit.Swap(1).applyTo(List.of(A, B, A)));
        assertEquals(List.of(A, A, B), new ScheduleEdit.Swap(3).applyTo(List.of(A, B, A)));
        assertEquals(List.of(A, A), new ScheduleEdit.Swap(0).applyTo(List.of(A, A)));
    }

    @Test
    void positionsWrapAroundSoAnyIntegerIsAnEdit() {
        assertEquals(List.of(A, new ActorStep("c", 0), B), new ScheduleEdit.Insert(-2, "c").applyTo(List.of(A, B)));
        assertEquals(List.of(A), new ScheduleEdit.Drop(5).applyTo(List.of(A, B)));
        assertEquals(List.of(), new ScheduleEdit.Drop(5).applyTo(List.of()));
    }

    @Test
    void neighboursAreTheDistinctOneEditChanges() {
        ImmutableList<ImmutableList<ActorStep>> n = ScheduleEdit.neighbours(List.of(A, B), List.of("a"));
        // Inserting a before or after the first a gives the same interleaving: listed once.
        assertEquals(List.of(List.of(B, A), List.of(B), List.of(A), List.of(A, A, B), List.of(A, B, A)), n);
        assertFalse(n.contains(List.of(A, B)));
    }
}

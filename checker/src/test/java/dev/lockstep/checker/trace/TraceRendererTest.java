package dev.lockstep.checker.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.value.TlaValueParser;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceRendererTest {
    private static TraceState step(String action, String state) {
        return new TraceState(action, Optional.of(new SourceLocation("DaxReclaim", 12, 3, 15, 20)),
                TlaValueParser.parseState(state));
    }

    private static final ImmutableList<TraceState> STATES = ImmutableList.of(
            TraceState.initial(TlaValueParser.parseState(
                    "/\\ pc = (cpu0 :> \"idle\" @@ cpu1 :> \"idle\")\n/\\ busy = {}\n/\\ refs = 0")),
            step("DaxLayoutBusyPage", "/\\ pc = (cpu0 :> \"scan\" @@ cpu1 :> \"idle\")\n/\\ busy = {1}\n/\\ refs = 0"),
            step("GetUserPages", "/\\ pc = (cpu0 :> \"scan\" @@ cpu1 :> \"pin\")\n/\\ busy = {1}\n/\\ refs = 1"),
            step("DaxLayoutBusyPage", "/\\ pc = (cpu0 :> \"scan\" @@ cpu1 :> \"pin\")\n/\\ busy = {1}\n/\\ refs = 1"));

    @Test
    void showsTheFullInitialStateThenOnlyChangedVariables() {
        String expected = """
                State 1: Initial predicate
                  busy = {}
                  pc = (cpu0 :> "idle" @@ cpu1 :> "idle")
                  refs = 0
                State 2: DaxLayoutBusyPage (line 12, col 3 to line 15, col 20 of module DaxReclaim)
                  busy: {} -> {1}
                  pc[cpu0]: "idle" -> "scan"
                State 3: GetUserPages (line 12, col 3 to line 15, col 20 of module DaxReclaim)
                  pc[cpu1]: "idle" -> "pin"
                  refs: 0 -> 1
                State 4: DaxLayoutBusyPage (line 12, col 3 to line 15, col 20 of module DaxReclaim)
                  (no variable changed)
                """;
        assertEquals(expected, TraceRenderer.render(Trace.finite(STATES)));
    }

    @Test
    void marksWhereTheLassoLoopStartsAndThatItLoops() {
        String text = TraceRenderer.render(Trace.lasso(STATES, 2));
        assertTrue(text.contains("State 3: GetUserPages (line 12, col 3 to line 15, col 20 of module DaxReclaim)"
                + "   <-- loop starts here\n"), text);
        assertTrue(text.endsWith("State 5: back to state 3 -- the behaviour loops forever through states 3..4\n"),
                text);
    }

    @Test
    void marksInfiniteStutteringAtTheEnd() {
        String text = TraceRenderer.render(Trace.stuttering(STATES));
        assertTrue(text.endsWith("State 5: stuttering -- the behaviour stays in state 4 forever\n"), text);
    }

    @Test
    void showsVariablesThatAppearOrDisappear() {
        Trace t = Trace.finite(ImmutableList.of(TraceState.initial(TlaValueParser.parseState("x = 0")),
                new TraceState("", Optional.empty(), TlaValueParser.parseState("y = 1"))));
        assertTrue(TraceRenderer.render(t).endsWith("State 2: (action not recorded)\n"
                + "  x: 0 -> (absent)\n  y: (absent) -> 1\n"), TraceRenderer.render(t));
    }

    @Test
    void columnsPutEachStepUnderItsActor() {
        Trace t = Trace.lasso(STATES, 1);
        String text = TraceRenderer.renderColumns(t, s -> s.action().equals("GetUserPages") ? "cpu1" : "cpu0");
        String pad = " ".repeat(TraceRenderer.COLUMN_WIDTH);
        String expected = """
                State 1: Initial predicate
                  busy = {}
                  pc = (cpu0 :> "idle" @@ cpu1 :> "idle")
                  refs = 0
                step | cpu0%s | cpu1
                -----+-%s-+-%s
                   2 | DaxLayoutBusyPage   <-- loop starts here
                     |   busy: {} -> {1}
                     |   pc[cpu0]: "idle" -> "scan"
                   3 | %s | GetUserPages
                     | %s |   pc[cpu1]: "idle" -> "pin"
                     | %s |   refs: 0 -> 1
                   4 | DaxLayoutBusyPage
                     |   (no variable changed)
                State 5: back to state 2 -- the behaviour loops forever through states 2..4
                """.formatted(" ".repeat(TraceRenderer.COLUMN_WIDTH - 4), "-".repeat(TraceRenderer.COLUMN_WIDTH),
                "-".repeat(TraceRenderer.COLUMN_WIDTH), pad, pad, pad);
        assertEquals(expected, text);
    }

    @Test
    void showsOnlyTheChangedFieldOfANestedRecord() {
        Trace t = Trace.finite(ImmutableList.of(
                TraceState.initial(TlaValueParser.parseState("lock = [i1 |-> [readers |-> {}, writer |-> \"none\"]]")),
                new TraceState("DownRead", Optional.empty(),
                        TlaValueParser.parseState("lock = [i1 |-> [readers |-> {\"r1\"}, writer |-> \"none\"]]"))));
        assertTrue(TraceRenderer.render(t).endsWith("State 2: DownRead\n  lock[i1].readers: {} -> {\"r1\"}\n"),
                TraceRenderer.render(t));
    }

    @Test
    void columnsNeedAnActorForEveryStep() {
        assertThrows(NullPointerException.class, () -> TraceRenderer.renderColumns(Trace.finite(STATES), s -> null));
    }

    @Test
    void sourceLocationPrintsAndParsesTlcForm() {
        SourceLocation loc = new SourceLocation("DaxReclaim", 12, 3, 15, 20);
        assertEquals("line 12, col 3 to line 15, col 20 of module DaxReclaim", loc.toString());
        assertEquals(Optional.of(loc), SourceLocation.parse(loc.toString()));
        assertEquals(Optional.empty(), SourceLocation.parse("line 12, col 3 of module DaxReclaim"));
    }

    @Test
    void traceRejectsALoopOutsideItsStates() {
        assertThrows(IllegalArgumentException.class, () -> Trace.lasso(STATES, 4));
        assertThrows(IllegalArgumentException.class, () -> Trace.finite(ImmutableList.of()));
    }
}

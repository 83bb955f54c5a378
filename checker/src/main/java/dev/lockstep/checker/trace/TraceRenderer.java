package dev.lockstep.checker.trace;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Renders a trace for people: per state its number (1-based, as TLC numbers them), the action and its location,
 * and only what changed, down to the entry of a function or the field of a record ({@code refcnt[d2]: 1 -> 0},
 * {@code lock[i1].readers: {} -> {"r1"}}); the initial state shows every variable. The state a lasso returns to is
 * marked, and the end says whether the behaviour loops or stutters forever.
 */
public final class TraceRenderer {
    /** Cells of {@link #renderColumns} are wrapped to this many characters. */
    public static final int COLUMN_WIDTH = 48;

    private static final String LOOP_MARK = "<-- loop starts here";
    private static final String ABSENT = "(absent)";

    private TraceRenderer() {}

    public static String render(Trace trace) {
        StringBuilder out = new StringBuilder();
        ImmutableList<TraceState> states = trace.states();
        for (int i = 0; i < states.size(); i++) {
            out.append(heading(trace, i)).append('\n');
            for (String line : body(trace, i)) {
                out.append("  ").append(line).append('\n');
            }
        }
        ending(trace).ifPresent(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /**
     * Renders the steps after the initial state in one column per actor, side by side, the way races between CPUs
     * are drawn: each step appears in the column of {@code actorOf(state)} (the actor that took the step into that
     * state). Columns are ordered by actor name; the initial state is printed in full above the table.
     */
    public static String renderColumns(Trace trace, Function<TraceState, String> actorOf) {
        ImmutableList<TraceState> states = trace.states();
        List<String> actorOfStep = new ArrayList<>();
        for (TraceState s : states.subList(1, states.size())) {
            actorOfStep.add(Objects.requireNonNull(actorOf.apply(s), "actorOf returned null"));
        }
        List<String> actors = List.copyOf(new TreeSet<>(actorOfStep));

        StringBuilder out = new StringBuilder();
        out.append(heading(trace, 0)).append('\n');
        for (String line : body(trace, 0)) {
            out.append("  ").append(line).append('\n');
        }
        int stepWidth = Math.max(4, String.valueOf(states.size()).length() + 1);
        appendRow(out, stepWidth, "step", actors);
        out.append(Strings.repeat("-", stepWidth));
        for (int c = 0; c < actors.size(); c++) {
            out.append("-+-").append(Strings.repeat("-", COLUMN_WIDTH));
        }
        out.append('\n');
        for (int i = 1; i < states.size(); i++) {
            List<String> cellLines = new ArrayList<>();
            // The action's name only: its location is in the full rendering, and columns must stay narrow.
            boolean loopStart = trace.loop().isPresent() && trace.loop().getAsInt() == i;
            cellLines.add(actionName(states.get(i)) + (loopStart ? "   " + LOOP_MARK : ""));
            for (String line : body(trace, i)) {
                cellLines.add("  " + line);
            }
            List<String> wrapped = wrap(cellLines);
            int column = actors.indexOf(actorOfStep.get(i - 1));
            for (int l = 0; l < wrapped.size(); l++) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < actors.size(); c++) {
                    cells.add(c == column ? wrapped.get(l) : "");
                }
                appendRow(out, stepWidth, l == 0 ? String.valueOf(i + 1) : "", cells);
            }
        }
        ending(trace).ifPresent(line -> out.append(line).append('\n'));
        return out.toString();
    }

    // Cells after the last non-empty one are left out so that rows carry no trailing separators.
    private static void appendRow(StringBuilder out, int stepWidth, String step, List<String> cells) {
        int last = cells.size() - 1;
        while (last >= 0 && cells.get(last).isEmpty()) {
            last--;
        }
        StringBuilder row = new StringBuilder(Strings.padStart(step, stepWidth, ' '));
        for (int c = 0; c <= last; c++) {
            row.append(" | ").append(c == last ? cells.get(c) : Strings.padEnd(cells.get(c), COLUMN_WIDTH, ' '));
        }
        if (last < 0) {
            row.append(" |");
        }
        out.append(row).append('\n');
    }

    // Word-wraps long lines (hard-breaking words longer than a line) so every column keeps its width;
    // continuation lines are indented one level deeper than the line they continue.
    private static List<String> wrap(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            String continuation = indent + "    ";
            String rest = line;
            while (rest.length() > COLUMN_WIDTH) {
                int cut = rest.lastIndexOf(' ', COLUMN_WIDTH);
                if (cut <= continuation.length()) {
                    cut = COLUMN_WIDTH;
                }
                out.add(rest.substring(0, cut).stripTrailing());
                rest = continuation + rest.substring(cut).stripLeading();
            }
            out.add(rest);
        }
        return out;
    }

    private static String actionName(TraceState state) {
        return state.action().isEmpty() ? "(action not recorded)" : state.action();
    }

    private static String heading(Trace trace, int index) {
        TraceState state = trace.states().get(index);
        StringBuilder h = new StringBuilder("State ").append(index + 1).append(": ");
        h.append(actionName(state));
        state.location().ifPresent(loc -> h.append(" (").append(loc).append(')'));
        if (trace.loop().isPresent() && trace.loop().getAsInt() == index) {
            h.append("   ").append(LOOP_MARK);
        }
        return h.toString();
    }

    private static List<String> body(Trace trace, int index) {
        Map<String, TlaValue> now = trace.states().get(index).vars();
        List<String> lines = new ArrayList<>();
        if (index == 0) {
            for (String var : ImmutableSortedSet.copyOf(now.keySet())) {
                lines.add(var + " = " + now.get(var));
            }
            return lines;
        }
        Map<String, TlaValue> before = trace.states().get(index - 1).vars();
        for (String var : ImmutableSortedSet.<String>naturalOrder().addAll(before.keySet()).addAll(now.keySet())
                .build()) {
            diff(var, before.get(var), now.get(var), lines);
        }
        if (lines.isEmpty()) {
            lines.add("(no variable changed)");
        }
        return lines;
    }

    /**
     * Adds a line per changed part of {@code var}: a function whose domain stayed the same is compared entry by entry,
     * so that one moved program counter shows as one short line ({@code pc[r1]: "idle" -> "copy"}) rather than the
     * whole function twice. Keys that are identifier strings print bare; fields of a nested record print as
     * {@code .field}.
     */
    private static void diff(String path, TlaValue old, TlaValue now, List<String> lines) {
        diff(path, false, old, now, lines);
    }

    private static void diff(String path, boolean nested, TlaValue old, TlaValue now, List<String> lines) {
        if (Objects.equals(old, now)) {
            return;
        }
        if (old instanceof TlaFunction f && now instanceof TlaFunction g && !f.isEmpty() && f.domain().equals(g.domain())) {
            boolean fields = nested && f.isRecord();
            for (TlaValue key : f.asMap().keySet()) {
                String name = key instanceof TlaString str && f.isRecord() ? str.value() : key.toString();
                diff(fields ? path + "." + name : path + "[" + name + "]", true, f.apply(key), g.apply(key), lines);
            }
            return;
        }
        lines.add(path + ": " + show(old) + " -> " + show(now));
    }

    private static String show(TlaValue value) {
        return value == null ? ABSENT : value.toString();
    }

    private static Optional<String> ending(Trace trace) {
        int last = trace.states().size();
        if (trace.loop().isPresent()) {
            return Optional.of("State " + (last + 1) + ": back to state " + (trace.loop().getAsInt() + 1)
                    + " -- the behaviour loops forever through states " + (trace.loop().getAsInt() + 1) + ".." + last);
        }
        if (trace.stuttering()) {
            return Optional.of("State " + (last + 1) + ": stuttering -- the behaviour stays in state " + last
                    + " forever");
        }
        return Optional.empty();
    }
}

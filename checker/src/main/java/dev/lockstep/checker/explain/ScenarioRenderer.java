package dev.lockstep.checker.explain;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.lockstep.checker.gate.StepActors;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders a counterexample the way kernel developers post a race: one column per task ({@code CPU0 (r1)}), time
 * flowing down, the global state numbers on the left, in each cell the kernel operations of the step with the spec
 * action as a comment (or, without a Java model, the spec action and what it changed); then the violated property
 * with the values that break it, and for a deadlock a lockdep-style "Possible unsafe locking scenario". Plain ASCII
 * (other characters are escaped), every line at most {@code width} characters except where a single column would be
 * narrower than {@link #MIN_COLUMN}.
 */
public final class ScenarioRenderer {
    public static final int DEFAULT_WIDTH = 80;
    /** Columns are never narrower than this; many tasks on a narrow width overflow it instead. */
    public static final int MIN_COLUMN = 12;
    private static final String GAP = "  ";
    private static final String EXPR_MARK = ">> ";

    private final Trace trace;
    private final Narration narration;
    private final int width;
    private final List<String> actorOfStep = new ArrayList<>();
    private final List<String> actors = new ArrayList<>();
    /** The CPU number of each task: the order the tasks first move in the whole trace. */
    private final Map<String, Integer> cpu = new HashMap<>();
    private final int left;
    private final int column;

    private ScenarioRenderer(Trace trace, Narration narration, int width) {
        this.trace = trace;
        this.narration = narration;
        this.width = width;
        ImmutableList<TraceState> states = trace.states();
        actorOfStep.add("");
        for (int i = 1; i < states.size(); i++) {
            actorOfStep.add(StepActors.actor(states.get(i - 1), states.get(i)));
        }
        // CPUs numbered in the order the tasks first move, as a scenario is read.
        for (int i = 1; i < states.size(); i++) {
            addActor(actorOfStep.get(i));
        }
        loopBackActor().ifPresent(this::addActor);
        narration.afterTrace().forEach(op -> addActor(op.actor()));
        narration.deadlock().ifPresent(d -> d.blocked().forEach(b -> addActor(b.task())));
        actors.forEach(a -> cpu.put(a, cpu.size()));
        // Step numbers, and the two-character marks of the steps after the last state ("->", "..").
        this.left = Math.max(2, String.valueOf(states.size() + 1).length()) + 2;
        int n = Math.max(1, actors.size());
        this.column = Math.max(MIN_COLUMN, (width - left - GAP.length() * (n - 1)) / n);
    }

    /** The same trace laid out with columns for {@code only} (a subset of the tasks, in CPU order) alone. */
    private ScenarioRenderer(ScenarioRenderer whole, List<String> only) {
        this.trace = whole.trace;
        this.narration = whole.narration;
        this.width = whole.width;
        this.actorOfStep.addAll(whole.actorOfStep);
        this.actors.addAll(only);
        this.cpu.putAll(whole.cpu);
        this.left = whole.left;
        this.column = Math.max(MIN_COLUMN, (width - left - GAP.length() * (only.size() - 1)) / only.size());
    }

    private void addActor(String actor) {
        if (!actors.contains(actor)) {
            actors.add(actor);
        }
    }

    /**
     * The scenario of {@code trace} under the heading {@code title} (e.g. "DaxReclaim variant refcount-relaxed:
     * invariant NoReclaimWhileInUse violated").
     *
     * @param width the line width, at least 40
     */
    public static String render(String title, Trace trace, Narration narration, int width) {
        if (width < 40) {
            throw new IllegalArgumentException("width must be at least 40: " + width);
        }
        return new ScenarioRenderer(trace, narration, width).render(title);
    }

    private String render(String title) {
        List<String> out = new ArrayList<>();
        out.addAll(wrap(ascii(title), width, "  "));
        out.addAll(wrap(ascii(narration.source()), width, "  "));
        out.add("");
        out.addAll(wrap("State 1 (initial): " + initialValues(), width, "  "));
        expressionRows(0, false, out);
        out.add("");
        out.addAll(table());
        out.add("");
        out.addAll(ending());
        StringBuilder text = new StringBuilder();
        for (String line : out) {
            text.append(line.stripTrailing()).append('\n');
        }
        return text.toString();
    }

    // ---- the table --------------------------------------------------------------------------------------------

    private List<String> table() {
        List<String> out = new ArrayList<>();
        out.addAll(heads());
        ImmutableList<TraceState> states = trace.states();
        int loop = lassoLoop().orElse(-1);
        for (int i = 1; i < states.size(); i++) {
            if (i == loop + 1) {
                out.addAll(marker("loop: from state " + (loop + 1) + ", states " + (loop + 2) + ".." + states.size()
                        + " and back repeat forever"));
            }
            out.addAll(step(String.valueOf(i + 1), actorOfStep.get(i),
                    cell(i - 1, i, narration.operations().getOrDefault(i, ImmutableList.of()), action(i))));
            expressionRows(i, false, out);
            expressionRows(i, true, out);
        }
        if (loop >= 0) {
            // TLC does not name the action that closes a lasso.
            out.addAll(step("->", loopBackActor().orElseThrow(), cell(states.size() - 1, loop, narration.loopBack(),
                    "back to state " + (loop + 1))));
            expressionRows(states.size(), true, out);
            out.addAll(marker("back to state " + (loop + 1) + ": the loop repeats forever"));
        } else if (trace.stuttering() || trace.loop().isPresent()) {
            out.addAll(marker("state " + states.size() + " stays forever (stuttering)"));
        }
        for (Narration.ActorOperation op : narration.afterTrace()) {
            out.addAll(step("..", op.actor(), List.of(statement(op.operation()), "// no spec step")));
        }
        return out;
    }

    /** The column heads, {@code CPU0 (task)}, and their rules. */
    private List<String> heads() {
        List<List<String>> heads = new ArrayList<>();
        List<List<String>> rules = new ArrayList<>();
        for (String a : actors) {
            heads.add(wrapCell(List.of("CPU" + cpu.get(a) + " (" + ascii(a) + ")")));
            rules.add(List.of("----"));
        }
        List<String> out = new ArrayList<>(rows("", heads));
        out.addAll(rows("", rules));
        return out;
    }

    private String action(int i) {
        String action = trace.states().get(i).action();
        return action.isEmpty() ? "(action not recorded)" : action;
    }

    /**
     * The lines of the cell of the step from state {@code from} to state {@code to}: its kernel operations and the
     * action as a comment, or without a Java model the action and what it changed.
     */
    private List<String> cell(int from, int to, List<String> ops, String action) {
        List<String> lines = new ArrayList<>();
        if (narration.hasOperations()) {
            ops.forEach(op -> lines.add(statement(op)));
            lines.add("// " + action);
            return lines;
        }
        lines.add(action);
        TraceState before = trace.states().get(from);
        TraceState after = trace.states().get(to);
        List<String> changes = new ArrayList<>();
        for (String var : ImmutableSortedSet.copyOf(after.vars().keySet())) {
            diff(var, before.vars().get(var), after.vars().get(var), changes);
        }
        // The column says who moved; its own program counter is the action's name in other words.
        String ownPc = StepActors.PROGRAM_COUNTER + "[" + StepActors.actor(before, after) + "]";
        changes.stream().filter(c -> !c.startsWith(ownPc + ":")).forEach(c -> lines.add("  " + c));
        return lines;
    }

    private static String statement(String op) {
        return op.endsWith(";") ? op : op + ";";
    }

    /** A step's rows: its number on the first, the cell in the actor's column. */
    private List<String> step(String number, String actor, List<String> lines) {
        List<List<String>> cells = new ArrayList<>();
        for (int c = 0; c < actors.size(); c++) {
            cells.add(actors.get(c).equals(actor) ? wrapCell(lines) : List.of());
        }
        return rows(number, cells);
    }

    private List<String> rows(String number, List<List<String>> cells) {
        int height = cells.stream().mapToInt(List::size).max().orElse(0);
        List<String> out = new ArrayList<>();
        for (int l = 0; l < height; l++) {
            StringBuilder row = new StringBuilder(Strings.padStart(l == 0 ? number : "", left - 2, ' ')).append("  ");
            for (int c = 0; c < cells.size(); c++) {
                String text = l < cells.get(c).size() ? cells.get(c).get(l) : "";
                row.append(c == 0 ? "" : GAP).append(Strings.padEnd(text, column, ' '));
            }
            out.add(row.toString().stripTrailing());
        }
        return out;
    }

    private List<String> wrapCell(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String a = ascii(line);
            String indent = a.substring(0, a.length() - a.stripLeading().length());
            out.addAll(wrap(a, column, indent + "  "));
        }
        return out;
    }

    private List<String> marker(String text) {
        String line = Strings.repeat(" ", left) + "---- " + text + " ";
        List<String> out = wrap(line, width, Strings.repeat(" ", left + 5));
        String last = out.get(out.size() - 1);
        out.set(out.size() - 1, last + Strings.repeat("-", Math.max(4, width - last.length())));
        return out;
    }

    private void expressionRows(int index, boolean onSteps, List<String> out) {
        String indent = Strings.repeat(" ", left);
        for (Narration.ExpressionRow row : narration.expressions()) {
            String value = row.values().get(index);
            if (row.onSteps() == onSteps && value != null) {
                out.addAll(wrap(indent + EXPR_MARK + ascii(row.expression()) + " = " + ascii(value), width,
                        indent + Strings.repeat(" ", EXPR_MARK.length() + 2)));
            }
        }
    }

    private Optional<Integer> lassoLoop() {
        int n = trace.states().size();
        // TLC closes a lasso on the last state itself when the behaviour ends stuttering there.
        return trace.loop().isPresent() && trace.loop().getAsInt() < n - 1
                ? Optional.of(trace.loop().getAsInt()) : Optional.empty();
    }

    private Optional<String> loopBackActor() {
        ImmutableList<TraceState> states = trace.states();
        return lassoLoop().map(l -> StepActors.actor(states.get(states.size() - 1), states.get(l)));
    }

    // ---- values -----------------------------------------------------------------------------------------------

    /** The initial values of what changes along the trace, down to the changed entry or field. */
    private String initialValues() {
        ImmutableList<TraceState> states = trace.states();
        Map<String, String> initial = new LinkedHashMap<>();
        for (String var : ImmutableSortedSet.copyOf(states.get(0).vars().keySet())) {
            for (int i = 1; i < states.size(); i++) {
                List<String> changes = new ArrayList<>();
                diffPaths(var, states.get(0).vars().get(var), states.get(i).vars().get(var), changes);
                for (String path : changes) {
                    initial.computeIfAbsent(path, p -> lookup(var, p, states.get(0).vars().get(var)));
                }
            }
        }
        if (initial.isEmpty()) {
            return "(nothing changes along the trace)";
        }
        List<String> parts = new ArrayList<>();
        initial.forEach((path, value) -> parts.add(path + " = " + value));
        return ascii(String.join(", ", parts));
    }

    private static void diff(String path, TlaValue old, TlaValue now, List<String> lines) {
        List<String> paths = new ArrayList<>();
        diffPaths(path, old, now, paths);
        for (String p : paths) {
            lines.add(p + ": " + lookup(path, p, old) + " -> " + lookup(path, p, now));
        }
    }

    /**
     * The paths of the changed parts of {@code var} ({@code refcnt[d2]}, {@code lock[i1].readers}): a function whose
     * domain stays the same is compared entry by entry.
     */
    private static void diffPaths(String path, TlaValue old, TlaValue now, List<String> out) {
        diffPaths(path, false, old, now, out);
    }

    private static void diffPaths(String path, boolean nested, TlaValue old, TlaValue now, List<String> out) {
        if (Objects.equals(old, now)) {
            return;
        }
        if (old instanceof TlaFunction f && now instanceof TlaFunction g && !f.isEmpty()
                && f.domain().equals(g.domain())) {
            for (TlaValue key : f.asMap().keySet()) {
                diffPaths(path + pathStep(f, key, nested), true, f.apply(key), g.apply(key), out);
            }
            return;
        }
        out.add(path);
    }

    private static String pathStep(TlaFunction f, TlaValue key, boolean nested) {
        String name = key instanceof TlaString s && f.isRecord() ? s.value() : key.toString();
        return nested && f.isRecord() ? "." + name : "[" + name + "]";
    }

    /** The value at {@code path} (made by {@link #diffPaths} from {@code root}) inside {@code value}. */
    private static String lookup(String root, String path, TlaValue value) {
        TlaValue v = value;
        String rest = path.substring(root.length());
        boolean nested = false;
        while (!rest.isEmpty() && v instanceof TlaFunction f) {
            TlaValue next = null;
            String taken = null;
            for (TlaValue key : f.asMap().keySet()) {
                String s = pathStep(f, key, nested);
                if (rest.startsWith(s) && (taken == null || s.length() > taken.length())) {
                    next = f.apply(key);
                    taken = s;
                }
            }
            if (taken == null) {
                break;
            }
            v = next;
            rest = rest.substring(taken.length());
            nested = true;
        }
        return v == null ? "(absent)" : v.toString();
    }

    // ---- the end ----------------------------------------------------------------------------------------------

    private List<String> ending() {
        List<String> out = new ArrayList<>();
        int last = trace.states().size();
        narration.deadlock().ifPresentOrElse(d -> out.addAll(lockdep(d)), () -> {
            if (!narration.violation().isEmpty()) {
                boolean infinite = trace.loop().isPresent() || trace.stuttering();
                out.add(infinite ? "The behaviour:" : "In state " + last + ":");
            }
        });
        for (String line : narration.violation()) {
            out.addAll(wrap("  " + ascii(line), width, "      "));
        }
        for (String line : narration.loop()) {
            out.addAll(wrap(ascii(line), width, "  "));
        }
        return out;
    }

    /**
     * Lockdep's report of a deadlock, laid out as the kernel prints it (kernel/locking/lockdep.c,
     * print_circular_lock_scenario() for a cycle through other tasks, print_deadlock_scenario() for a task that waits
     * for itself): "Chain exists of:" with the locks of a cycle through more than two of them, " Possible unsafe
     * locking scenario:", a blank line, one column per CPU of the cycle only ("CPU0", "----"), the acquisitions that
     * close the cycle in the order they happened, a blank line and " *** DEADLOCK ***". Where lockdep knows only lock
     * classes and two CPUs, the runtime knows the tasks and the real operations: each column is one task of the cycle
     * ({@code CPU0 (f1)}, numbered as in the scenario above), its cells the kernel operations themselves
     * ({@code down_read(mm->mmap_lock);} where lockdep prints {@code rlock(&mm->mmap_lock);}) with the state numbers
     * on the left: per task, the step that took each resource of the cycle it still holds, then the operation it
     * blocks in. Below, as lockdep lists the held locks: every blocked task, what it waits for and who holds it, and
     * the wait-for cycles. Without a cycle (a task waits for what nobody holds) every blocked task is shown.
     * Sources read: lockdep.c as torvalds/linux stores it in the search index (commit baf9c8c1, the crossrelease era
     * around v4.14), and "[PATCH 4/3] locking/lockdep: Improve the deadlock scenario print for sync and read lock"
     * (Boqun Feng, 2023-01-13), which made the first and last cells {@code rlock(}/{@code sync(} by the held lock's
     * mode.
     */
    private List<String> lockdep(Narration.Deadlock d) {
        List<String> out = new ArrayList<>();
        Set<String> onCycle = new HashSet<>();
        d.cycles().forEach(onCycle::addAll);
        Narration.Deadlock shown = onCycle.isEmpty() ? d : new Narration.Deadlock(d.blocked().stream()
                .filter(b -> onCycle.contains(b.task())).collect(ImmutableList.toImmutableList()), d.cycles());
        for (ImmutableList<String> cycle : d.cycles()) {
            List<String> locks = cycle.stream().map(t -> waitsFor(d, t)).distinct().toList();
            if (locks.size() > 2) {
                out.add("Chain exists of:");
                out.addAll(wrap(ascii("  " + String.join(" --> ", locks)), width, "    "));
                out.add("");
            }
        }
        out.add(" Possible unsafe locking scenario:");
        out.add("");
        ScenarioRenderer columns = new ScenarioRenderer(this, actors.stream()
                .filter(a -> shown.blocked().stream().anyMatch(b -> b.task().equals(a))).toList());
        out.addAll(columns.heads());
        // Per task and resource it holds, the step that took it: the last of the task's steps naming the resource.
        Map<Held, Integer> takenAt = new HashMap<>();
        for (int i = 1; i < trace.states().size(); i++) {
            for (String op : narration.operations().getOrDefault(i, ImmutableList.of())) {
                for (Held h : held(shown, actorOfStep.get(i), op)) {
                    takenAt.put(h, i);
                }
            }
        }
        for (int i : new TreeSet<>(takenAt.values())) {
            int step = i;
            List<String> ops = narration.operations().get(i).stream()
                    .filter(op -> held(shown, actorOfStep.get(step), op).stream()
                            .anyMatch(h -> takenAt.get(h) == step))
                    .map(ScenarioRenderer::statement).toList();
            out.addAll(columns.step(String.valueOf(i + 1), actorOfStep.get(i), ops));
        }
        for (Narration.Blocked b : shown.blocked()) {
            out.addAll(columns.step("", b.task(), List.of(statement(b.operation()))));
        }
        out.add("");
        out.add(" *** DEADLOCK ***");
        out.add("");
        for (Narration.Blocked b : d.blocked()) {
            out.addAll(wrap(ascii(" " + b.task() + " waits for " + b.resource() + (b.holders().isEmpty()
                    ? " (held by nobody)" : ", held by " + String.join(", ", b.holders()))), width, "     "));
        }
        for (ImmutableList<String> cycle : d.cycles()) {
            out.addAll(wrap(ascii(" wait-for cycle: " + String.join(" -> ", cycle) + " -> " + cycle.get(0)), width,
                    "     "));
        }
        return out;
    }

    /** What {@code task} waits for in the deadlock report. */
    private static String waitsFor(Narration.Deadlock d, String task) {
        return d.blocked().stream().filter(b -> b.task().equals(task)).map(Narration.Blocked::resource).findFirst()
                .orElseThrow(() -> new IllegalStateException(task + " is on a wait-for cycle but not blocked"));
    }

    /** A resource a task holds at the deadlock. */
    private record Held(String task, String resource) {}

    /** The resources of the deadlock report, held by {@code actor}, that {@code op} acts on. */
    private static List<Held> held(Narration.Deadlock d, String actor, String op) {
        return d.blocked().stream().filter(b -> b.holders().contains(actor) && b.resource().contains(argument(op)))
                .map(b -> new Held(actor, b.resource())).distinct().toList();
    }

    /** What an operation acts on: the text inside its outermost parentheses ({@code down_read(x)} -> {@code x}). */
    static String argument(String op) {
        int open = op.indexOf('(');
        int close = op.lastIndexOf(')');
        return open >= 0 && close > open + 1 ? op.substring(open + 1, close) : op;
    }

    // ---- text ---------------------------------------------------------------------------------------------------

    /** Where a word without spaces may break, best first: after an argument's start, inside a path, inside a name. */
    private static final String[] BREAKS = {"(,", ".[>", "_"};
    /** A break leaves at least this much for the next line, so that no line holds a lone {@code );}. */
    private static final int MIN_REST = 3;

    /**
     * Word-wraps {@code line} to {@code width}: at the last space that fits, else after the last punctuation that fits
     * (in the order of {@link #BREAKS}), else between the words of a CamelCase name, else hard; continuation lines
     * start with {@code indent}.
     */
    static List<String> wrap(String line, int width, String indent) {
        List<String> out = new ArrayList<>();
        String rest = line;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= indent.length() || rest.substring(0, cut).isBlank()) {
                cut = breakInWord(rest, width, indent.length());
            }
            out.add(rest.substring(0, cut).stripTrailing());
            rest = indent + rest.substring(cut).stripLeading();
        }
        out.add(rest);
        return out;
    }

    private static int breakInWord(String s, int width, int indent) {
        int last = Math.min(width, s.length() - MIN_REST);
        for (String chars : BREAKS) {
            for (int k = last; k > indent + 1; k--) {
                if (chars.indexOf(s.charAt(k - 1)) >= 0) {
                    return k;
                }
            }
        }
        for (int k = last; k > indent + 1; k--) {
            if (Character.isLowerCase(s.charAt(k - 1)) && Character.isUpperCase(s.charAt(k))) {
                return k;
            }
        }
        return width;
    }

    /** Plain ASCII: any other character (and control characters) as {@code \\uXXXX}. */
    static String ascii(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return out.toString();
    }
}

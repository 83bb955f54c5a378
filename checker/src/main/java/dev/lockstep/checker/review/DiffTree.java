package dev.lockstep.checker.review;

import static dev.lockstep.checker.review.Html.esc;

import com.google.common.collect.ImmutableSortedSet;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A step's change as nested HTML lists, down to the changed leaf: a function (record, tuple) is opened entry by entry,
 * a set element by element; each changed part is marked {@code add} (a new entry or element), {@code del} (one gone)
 * or {@code mod} (old value struck out, new value next to it). What did not change is folded into a
 * {@code <details>} at every level.
 */
final class DiffTree {
    private DiffTree() {}

    /** Every variable of {@code before} and {@code after}: the changed ones opened, the others folded. */
    static String of(Map<String, TlaValue> before, Map<String, TlaValue> after) {
        Set<String> vars = ImmutableSortedSet.<String>naturalOrder().addAll(before.keySet()).addAll(after.keySet())
                .build();
        StringBuilder out = new StringBuilder("<ul class=\"tree top\">");
        List<String> same = new ArrayList<>();
        for (String v : vars) {
            if (Objects.equals(before.get(v), after.get(v))) {
                same.add(leaf("", v, after.get(v)));
            } else {
                node(out, v, false, before.get(v), after.get(v));
            }
        }
        fold(out, same, "unchanged variable");
        return out.append("</ul>").toString();
    }

    /** The whole state, nothing folded (the initial state). */
    static String state(Map<String, TlaValue> state) {
        StringBuilder out = new StringBuilder("<ul class=\"tree top\">");
        ImmutableSortedSet.copyOf(state.keySet()).forEach(v -> out.append(leaf("", v, state.get(v))));
        return out.append("</ul>").toString();
    }

    /** {@code nested}: inside a variable's value, where a record's fields print as {@code .field}. */
    private static void node(StringBuilder out, String name, boolean nested, TlaValue old, TlaValue now) {
        if (old == null) {
            out.append(leaf("add", name, now));
        } else if (now == null) {
            out.append(leaf("del", name, old));
        } else if (old instanceof TlaFunction f && now instanceof TlaFunction g && !f.isEmpty() && !g.isEmpty()) {
            out.append("<li class=\"fn\"><span class=\"name\">").append(esc(name)).append("</span><ul class=\"tree\">");
            Set<TlaValue> keys = new LinkedHashSet<>(f.asMap().keySet());
            keys.addAll(g.asMap().keySet());
            List<String> same = new ArrayList<>();
            for (TlaValue k : keys) {
                TlaValue a = f.asMap().get(k);
                TlaValue b = g.asMap().get(k);
                String key = key(k, f.isRecord() && g.isRecord(), nested);
                if (Objects.equals(a, b)) {
                    same.add(leaf("", key, b));
                } else {
                    node(out, key, true, a, b);
                }
            }
            fold(out, same, "unchanged entr");
            out.append("</ul></li>");
        } else if (old instanceof TlaSet s && now instanceof TlaSet t) {
            out.append("<li class=\"set\"><span class=\"name\">").append(esc(name)).append("</span>: {");
            List<String> parts = new ArrayList<>();
            for (TlaValue e : s.elements()) {
                parts.add(t.contains(e) ? esc(e.toString()) : "<del class=\"del\">" + esc(e.toString()) + "</del>");
            }
            for (TlaValue e : t.elements()) {
                if (!s.contains(e)) {
                    parts.add("<ins class=\"add\">" + esc(e.toString()) + "</ins>");
                }
            }
            out.append(String.join(", ", parts)).append("}</li>");
        } else {
            out.append("<li class=\"mod\"><span class=\"name\">").append(esc(name)).append("</span>: <span class=\"old\">")
                    .append(esc(old.toString())).append("</span> &rarr; <span class=\"new\">")
                    .append(esc(now.toString())).append("</span></li>");
        }
    }

    /** As the readable counterexamples name parts: {@code refcnt[d2]}, {@code lock[i1].readers}. */
    private static String key(TlaValue k, boolean record, boolean nested) {
        if (record && k instanceof TlaString s) {
            return nested ? "." + s.value() : "[" + s.value() + "]";
        }
        return "[" + k + "]";
    }

    private static String leaf(String cls, String name, TlaValue v) {
        return "<li" + (cls.isEmpty() ? "" : " class=\"" + cls + "\"") + "><span class=\"name\">" + esc(name)
                + "</span> = " + esc(String.valueOf(v)) + "</li>";
    }

    private static void fold(StringBuilder out, List<String> same, String what) {
        if (same.isEmpty()) {
            return;
        }
        String noun = what.endsWith("entr") ? what + (same.size() == 1 ? "y" : "ies")
                : what + (same.size() == 1 ? "" : "s");
        out.append("<li class=\"same\"><details><summary>").append(same.size()).append(' ').append(noun)
                .append("</summary><ul class=\"tree\">").append(String.join("", same)).append("</ul></details></li>");
    }
}

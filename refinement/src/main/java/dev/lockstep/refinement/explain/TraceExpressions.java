package dev.lockstep.refinement.explain;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.explain.ExpressionException;
import dev.lockstep.checker.explain.Narration.ExpressionRow;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.refinement.SpecEvaluationException;
import dev.lockstep.refinement.SpecLoadException;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.SpecState;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trace expressions ({@code lockstep explain --expr}) as TLC evaluates them: each becomes a definition of a module
 * that {@code EXTENDS} the spec, so SANY parses and level-checks it and TLC evaluates it with the spec's own
 * definitions, constants and operators. A state-level expression is evaluated at every state, an action-level one
 * (primed variables) on every step.
 */
final class TraceExpressions {
    static final String MODULE = "LockstepExplain";
    private static final String PREFIX = "LockstepExpr";
    /** The line of the first definition's head, after the module header and EXTENDS. */
    private static final int FIRST_HEAD_LINE = 3;
    private static final Pattern POSITION = Pattern.compile("line (\\d+), col(?:umn)? (\\d+)");
    private static final Pattern NEWLINES = Pattern.compile("\\R");

    private final ImmutableList<String> expressions;
    /** The module line on which each expression's body starts. */
    private final List<Integer> firstLines = new ArrayList<>();
    private final String text;

    TraceExpressions(String specModule, List<String> expressions) {
        this.expressions = ImmutableList.copyOf(expressions);
        StringBuilder t = new StringBuilder("---- MODULE " + MODULE + " ----\nEXTENDS " + specModule + "\n");
        int head = FIRST_HEAD_LINE;
        for (int k = 0; k < expressions.size(); k++) {
            String e = expressions.get(k);
            if (e.isBlank()) {
                throw new ExpressionException("--expr " + quote(e) + ": the expression is empty");
            }
            t.append(PREFIX).append(k + 1).append(" ==\n").append(e).append('\n');
            firstLines.add(head + 1);
            head += NEWLINES.split(e, -1).length + 1;
        }
        this.text = t.append("====\n").toString();
    }

    SpecOracle.Extension extension() {
        return new SpecOracle.Extension(MODULE, text);
    }

    /**
     * The expression a load failure of the extension points into, as one line naming the position inside it; the
     * failure itself (the spec's fault) when it points elsewhere.
     */
    RuntimeException explain(SpecLoadException e) {
        String message = e.getMessage();
        if (!message.contains(MODULE)) {
            return e;
        }
        Matcher m = POSITION.matcher(message);
        if (!m.find() || expressions.isEmpty()) {
            return new ExpressionException("--expr: " + message.substring(message.indexOf(MODULE)));
        }
        int line = Integer.parseInt(m.group(1));
        int k = 0;
        while (k + 1 < firstLines.size() && firstLines.get(k + 1) <= line) {
            k++;
        }
        // An error reported on the next definition's head (the parser reads on) belongs to the expression before it.
        int inExpr = Math.max(1, line - firstLines.get(k) + 1);
        int lines = NEWLINES.split(expressions.get(k), -1).length;
        String expr = expressions.get(k);
        if (inExpr > lines) {
            // The parser read on into the module's next line: the expression stops where it cannot.
            String[] all = NEWLINES.split(expr, -1);
            return new ExpressionException("--expr " + quote(expr) + ": " + (lines > 1 ? "line " + lines + ", " : "")
                    + "col " + (all[lines - 1].stripTrailing().length() + 1) + ": the expression is incomplete");
        }
        String detail = message.substring(message.indexOf(':') + 1)
                .replaceAll("\\s*(at )?line \\d+, col(umn)? \\d+( to line \\d+, col \\d+)?( of module \\w+)?", "")
                .replace(PREFIX + (k + 1), "the expression").trim();
        return new ExpressionException("--expr " + quote(expr) + ": " + (lines > 1 ? "line " + inExpr + ", " : "")
                + "col " + m.group(2) + ": " + detail);
    }

    /** The rows of every expression on {@code trace}; checks first that none is temporal. */
    ImmutableList<ExpressionRow> evaluate(SpecOracle oracle, Trace trace) {
        ImmutableList.Builder<ExpressionRow> rows = ImmutableList.builder();
        ImmutableList<TraceState> states = trace.states();
        for (int k = 0; k < expressions.size(); k++) {
            String name = PREFIX + (k + 1);
            int level = oracle.level(name);
            if (level > 2) {
                throw new ExpressionException("--expr " + quote(expressions.get(k))
                        + ": a temporal formula has no value at a state or a step");
            }
            ImmutableMap.Builder<Integer, String> values = ImmutableMap.builder();
            if (level < 2) {
                for (int i = 0; i < states.size(); i++) {
                    SpecState s = SpecState.of(states.get(i).vars());
                    values.put(i, value(() -> oracle.evaluate(name, s).toString()));
                }
            } else {
                for (int i = 1; i < states.size(); i++) {
                    SpecState s = SpecState.of(states.get(i - 1).vars());
                    SpecState t = SpecState.of(states.get(i).vars());
                    values.put(i, value(() -> oracle.evaluate(name, s, t).toString()));
                }
                if (trace.loop().isPresent() && trace.loop().getAsInt() < states.size() - 1) {
                    SpecState s = SpecState.of(states.get(states.size() - 1).vars());
                    SpecState t = SpecState.of(states.get(trace.loop().getAsInt()).vars());
                    values.put(states.size(), value(() -> oracle.evaluate(name, s, t).toString()));
                }
            }
            rows.add(new ExpressionRow(expressions.get(k), level == 2, values.buildOrThrow()));
        }
        return rows.build();
    }

    /** TLC's value, or its one-line complaint where it cannot evaluate the expression in this state. */
    private static String value(java.util.function.Supplier<String> evaluation) {
        try {
            return evaluation.get();
        } catch (SpecEvaluationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return "(TLC cannot evaluate it: " + String.valueOf(cause.getMessage()).trim().replaceAll("\\s*\\R\\s*", " ")
                    + ")";
        }
    }

    private static String quote(String e) {
        return "'" + e.replaceAll("\\s*\\R\\s*", " ") + "'";
    }
}

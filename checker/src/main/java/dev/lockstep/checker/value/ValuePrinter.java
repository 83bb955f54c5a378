package dev.lockstep.checker.value;

import java.util.Iterator;
import java.util.Map;

/** Prints values in TLC's syntax, on one line. */
final class ValuePrinter {
    private ValuePrinter() {}

    static String print(TlaValue value) {
        StringBuilder out = new StringBuilder();
        append(value, out);
        return out.toString();
    }

    static void append(TlaValue value, StringBuilder out) {
        if (value instanceof TlaString s) {
            appendQuoted(s.value(), out);
        } else if (value instanceof TlaSet set) {
            out.append('{');
            appendAll(set.elements().iterator(), out);
            out.append('}');
        } else if (value instanceof TlaFunction f) {
            appendFunction(f, out);
        } else {
            out.append(value);
        }
    }

    private static void appendFunction(TlaFunction f, StringBuilder out) {
        if (f.isEmpty()) {
            out.append("<< >>");
        } else if (f.isTuple()) {
            out.append("<<");
            appendAll(f.asMap().values().iterator(), out);
            out.append(">>");
        } else if (f.isRecord()) {
            out.append('[');
            String sep = "";
            for (Map.Entry<TlaValue, TlaValue> e : f.asMap().entrySet()) {
                out.append(sep).append(((TlaString) e.getKey()).value()).append(" |-> ");
                append(e.getValue(), out);
                sep = ", ";
            }
            out.append(']');
        } else {
            out.append('(');
            String sep = "";
            for (Map.Entry<TlaValue, TlaValue> e : f.asMap().entrySet()) {
                out.append(sep);
                append(e.getKey(), out);
                out.append(" :> ");
                append(e.getValue(), out);
                sep = " @@ ";
            }
            out.append(')');
        }
    }

    private static void appendAll(Iterator<TlaValue> values, StringBuilder out) {
        String sep = "";
        while (values.hasNext()) {
            out.append(sep);
            append(values.next(), out);
            sep = ", ";
        }
    }

    static void appendQuoted(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                default -> out.append(c);
            }
        }
        out.append('"');
    }

    /** A TLA+ identifier: letters, digits and '_' with at least one letter ({@code 1a} is one, {@code 12} is not). */
    static boolean isIdentifier(String s) {
        boolean letter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean isLetter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!isLetter && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
            letter |= isLetter;
        }
        return letter;
    }
}

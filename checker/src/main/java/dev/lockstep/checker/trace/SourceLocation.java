package dev.lockstep.checker.trace;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A source range as TLC reports it for an action: {@code line 12, col 3 to line 15, col 20 of module DaxReclaim}. */
public record SourceLocation(String module, int beginLine, int beginColumn, int endLine, int endColumn) {
    private static final Pattern TLC_FORM =
            Pattern.compile("line (\\d{1,9}), col (\\d{1,9}) to line (\\d{1,9}), col (\\d{1,9}) of module (\\w+)");

    public SourceLocation {
        Objects.requireNonNull(module, "module");
        if (beginLine < 1 || beginColumn < 1 || endLine < 1 || endColumn < 1) {
            throw new IllegalArgumentException("lines and columns are 1-based: " + beginLine + ":" + beginColumn
                    + " to " + endLine + ":" + endColumn);
        }
    }

    /** Reads the text {@link #toString()} produces (which is also TLC's), or empty if {@code text} is not of that form. */
    public static Optional<SourceLocation> parse(CharSequence text) {
        Matcher m = TLC_FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SourceLocation(m.group(5), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
    }

    @Override
    public String toString() {
        return "line " + beginLine + ", col " + beginColumn + " to line " + endLine + ", col " + endColumn
                + " of module " + module;
    }
}

package dev.lockstep.checker.tlc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits TLC's {@code -tool} output, fed line by line, into {@link TlcMessage}s and unframed text.
 *
 * <p>Markers can nest (a config error wraps message {@code CFG_EXPECTED_SYMBOL} (5006) inside {@code GENERAL} (1000))
 * and can start in the middle of a line (after {@code ": "}). Text outside any message (SANY's parse messages and
 * errors, {@code Print} output) goes to the unframed consumer line by line. A nested message is delivered when it
 * ends, before the message around it; the text of the outer message does not include it. Lines without a marker, by
 * far the most, cost one {@code indexOf}.
 */
public final class ToolOutputParser {
    private static final String MARKER = "@!@!@";
    private static final Pattern MARKERS = Pattern.compile("@!@!@(?:STARTMSG (\\d+):(\\d+)|ENDMSG (\\d+)) @!@!@");

    private final Consumer<TlcMessage> messages;
    private final Consumer<String> unframed;
    private final Deque<Open> open = new ArrayDeque<>();

    private static final class Open {
        final int code;
        final int kind;
        final StringBuilder text = new StringBuilder();

        Open(int code, int kind) {
            this.code = code;
            this.kind = kind;
        }
    }

    public ToolOutputParser(Consumer<TlcMessage> messages, Consumer<String> unframed) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.unframed = Objects.requireNonNull(unframed, "unframed");
    }

    /** Feeds one line of output, without its line terminator. */
    public void line(String line) {
        if (line.indexOf(MARKER) < 0) {
            text(line, true);
            return;
        }
        Matcher m = MARKERS.matcher(line);
        int from = 0;
        while (m.find()) {
            if (m.start() > from) {
                text(line.substring(from, m.start()), false);
            }
            if (m.group(1) != null) {
                open.push(new Open(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            } else {
                end(Integer.parseInt(m.group(3)));
            }
            from = m.end();
        }
        // A marker that ends the line also ends it for the text: the next message line starts fresh.
        if (from < line.length()) {
            text(line.substring(from), true);
        }
    }

    /** Delivers messages TLC never closed (it was killed or crashed mid-message), outermost last. */
    public void finish() {
        while (!open.isEmpty()) {
            deliver(open.pop());
        }
    }

    /** Whether the parser is inside a message, i.e. the last lines belong to an unfinished message. */
    public boolean insideMessage() {
        return !open.isEmpty();
    }

    private void end(int code) {
        // ENDMSG normally closes the innermost message; if TLC's output is garbled, close up to the matching one.
        if (open.stream().noneMatch(o -> o.code == code)) {
            return;
        }
        Open closed;
        do {
            closed = open.pop();
            deliver(closed);
        } while (closed.code != code);
    }

    private void deliver(Open message) {
        messages.accept(new TlcMessage(message.code, message.kind, message.text.toString().strip()));
    }

    private void text(String text, boolean endOfLine) {
        Open current = open.peek();
        if (current == null) {
            unframed.accept(text);
        } else {
            current.text.append(text);
            if (endOfLine) {
                current.text.append('\n');
            }
        }
    }
}

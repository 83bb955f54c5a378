package dev.lockstep.checker.tlc;

import java.util.Objects;

/**
 * One framed message of TLC's {@code -tool} output: {@code @!@!@STARTMSG code:kind @!@!@ ... @!@!@ENDMSG code @!@!@}.
 *
 * @param code TLC's message code, one of {@link tlc2.output.EC} (e.g. {@code TLC_STATE_PRINT2} (2217) trace state,
 *     {@code TLC_INVARIANT_VIOLATED_BEHAVIOR} (2110) invariant violated)
 * @param kind TLC's message class: 0 info, 1 error, 2 TLC bug, 3 warning, 4 state
 * @param text the message body with nested messages removed, stripped of surrounding blank space
 */
public record TlcMessage(int code, int kind, String text) {
    public static final int INFO = 0;
    public static final int ERROR = 1;
    public static final int TLC_BUG = 2;
    public static final int WARNING = 3;
    public static final int STATE = 4;

    public TlcMessage {
        Objects.requireNonNull(text, "text");
    }

    public boolean isError() {
        return kind == ERROR || kind == TLC_BUG;
    }
}

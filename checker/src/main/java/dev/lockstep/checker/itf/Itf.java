package dev.lockstep.checker.itf;

import java.math.BigInteger;

/** Names and limits shared by {@link ItfWriter} and {@link ItfReader}. */
final class Itf {
    private Itf() {}

    static final String META = "#meta";
    static final String BIGINT = "#bigint";
    static final String SET = "#set";
    static final String MAP = "#map";
    static final String TUP = "#tup";
    static final String UNSERIALIZABLE = "#unserializable";

    static final String INDEX = "index";
    static final String ACTION = "action";
    static final String LOCATION = "location";
    static final String STUTTERING = "stuttering";
    static final String FORMAT = "format";
    static final String FORMAT_DESCRIPTION = "format-description";
    static final String FORMAT_DESCRIPTION_URL = "https://apalache-mc.org/docs/adr/015adr-trace.html";

    /** Integers in this range are plain JSON numbers; others {@code {"#bigint": "..."}} (ADR-015). */
    static final BigInteger MAX_SAFE = BigInteger.valueOf((1L << 53) - 1);
    static final BigInteger MIN_SAFE = MAX_SAFE.negate();
}

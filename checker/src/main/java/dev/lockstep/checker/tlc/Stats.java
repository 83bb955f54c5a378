package dev.lockstep.checker.tlc;

/**
 * Size and duration of a run. Counts TLC did not report (e.g. a violation among the initial states, where TLC prints
 * no totals) are 0.
 *
 * @param seconds wall time of the TLC process, measured by the checker
 */
public record Stats(long generated, long distinct, int depth, double seconds) {
    public static final Stats NONE = new Stats(0, 0, 0, 0);
}

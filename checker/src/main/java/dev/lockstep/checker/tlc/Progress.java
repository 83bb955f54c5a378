package dev.lockstep.checker.tlc;

import java.time.Duration;

/**
 * One progress report of TLC (message {@code TLC_PROGRESS_STATS}, 2200), which TLC prints about once a minute.
 *
 * @param depth the search depth TLC reached so far
 * @param statesPerSecond states generated per second since the previous report (since TLC started, for the first)
 * @param elapsed time since the TLC process started
 */
public record Progress(long generated, long distinct, long queue, int depth, long statesPerSecond,
        Duration elapsed) {}

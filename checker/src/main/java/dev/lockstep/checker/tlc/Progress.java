package dev.lockstep.checker.tlc;

import java.time.Duration;

/**
 * One progress report of TLC (message 2200), which TLC prints about once a minute.
 *
 * @param depth the search depth TLC reached so far
 * @param statesPerMinute states generated per minute as TLC computed it since its previous report, 0 if not given
 * @param elapsed time since the TLC process started
 */
public record Progress(long generated, long distinct, long queue, int depth, long statesPerMinute,
        Duration elapsed) {}

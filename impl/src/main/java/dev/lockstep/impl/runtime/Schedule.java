package dev.lockstep.impl.runtime;

import java.util.List;

/**
 * Picks which enabled alternative runs next. Implementations must be deterministic functions of
 * their own state and the choices offered, so that the same schedule gives the same execution.
 */
@FunctionalInterface
public interface Schedule {
  /** Returned by {@link #choose} to end the run (outcome {@link Outcome.Stopped}). */
  int STOP = -1;

  /**
   * @param enabled the enabled alternatives, in a deterministic order: tasks in spawn order (an
   *     in-flight access of a task before its pending operation), then RCU callbacks in the order
   *     they were queued; never empty
   * @return an index into {@code enabled}, or {@link #STOP}
   */
  int choose(List<Choice> enabled);

  /**
   * Whether step {@code step} (1-based) of this run repeats a step that an earlier run of the same
   * exploration took from the same state, so that an observer of that run may skip it. Only a
   * schedule that re-executes known prefixes ({@link Explorer}) says yes.
   */
  default boolean repeats(long step) {
    return false;
  }
}

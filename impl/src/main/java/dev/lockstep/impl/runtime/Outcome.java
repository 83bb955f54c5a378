package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableList;
import java.util.stream.Collectors;

/** How a run ended. */
public sealed interface Outcome {

  /** Every task returned and every deferred action was performed. */
  record Completed() implements Outcome {
    @Override
    public String toString() {
      return "completed";
    }
  }

  /**
   * No alternative is enabled but some task is still live. {@code cycles} lists every cycle of
   * the wait-for graph (task waits for a holder of its resource), each starting at the task
   * spawned first.
   */
  record Deadlock(ImmutableList<Blocked> blocked, ImmutableList<ImmutableList<String>> cycles)
      implements Outcome {
    @Override
    public String toString() {
      String tasks =
          blocked.stream().map(Blocked::toString).collect(Collectors.joining("; "));
      String loops =
          cycles.stream()
              .map(c -> String.join(" -> ", c) + " -> " + c.get(0))
              .collect(Collectors.joining("; "));
      return "deadlock: " + tasks + (cycles.isEmpty() ? "" : " | cycles: " + loops);
    }
  }

  /** One blocked task (or blocked deferred action) in a deadlock report. */
  record Blocked(String task, String label, WaitsFor waitsFor) {
    @Override
    public String toString() {
      return task + " blocked in " + label + " waiting for " + waitsFor;
    }
  }

  /** The run took {@code bound} steps and could still go on: a livelock or too small a bound. */
  record StepBoundExceeded(long bound) implements Outcome {
    @Override
    public String toString() {
      return "step bound " + bound + " exceeded";
    }
  }

  /**
   * A task body, an operation effect, a listener or the schedule threw. {@code step} is the
   * number of the last executed step.
   */
  record Failed(String task, long step, Throwable cause) implements Outcome {
    @Override
    public String toString() {
      return "failed in " + task + " after step " + step + ": " + cause;
    }
  }

  /** The schedule returned {@link Schedule#STOP}. */
  record Stopped() implements Outcome {
    @Override
    public String toString() {
      return "stopped by schedule";
    }
  }
}

package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.SplittableRandom;

/** The standard schedules. Each returned schedule is stateful: use one per run. */
public final class Schedules {
  private Schedules() {}

  /** Uniform choice among the enabled alternatives from a seeded generator. */
  public static Schedule random(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return enabled -> random.nextInt(enabled.size());
  }

  /** Always the first enabled alternative (tasks in spawn order, program order within a task). */
  public static Schedule firstEnabled() {
    return enabled -> 0;
  }

  /**
   * Follows {@code entries}, then stops the run. An entry is {@code task} (that task's first
   * enabled alternative: its oldest in-flight access, else its pending operation) or {@code
   * task:label} (exactly that alternative). An entry matching nothing enabled fails the run with a
   * message naming the entry and the enabled alternatives.
   */
  public static Schedule replay(List<String> entries) {
    return replay(entries, enabled -> Schedule.STOP);
  }

  /** Follows {@code entries}, then continues with {@code then}. */
  public static Schedule replay(List<String> entries, Schedule then) {
    ImmutableList<String> copy = ImmutableList.copyOf(entries);
    return new Schedule() {
      private int next;

      @Override
      public int choose(List<Choice> enabled) {
        if (next == copy.size()) {
          return then.choose(enabled);
        }
        String entry = copy.get(next);
        int colon = entry.indexOf(':');
        String task = colon < 0 ? entry : entry.substring(0, colon);
        String label = colon < 0 ? null : entry.substring(colon + 1);
        for (int i = 0; i < enabled.size(); i++) {
          Choice c = enabled.get(i);
          if (c.task().equals(task) && (label == null || c.label().equals(label))) {
            next++;
            return i;
          }
        }
        throw new IllegalArgumentException(
            "replay entry #" + (next + 1) + " '" + entry + "' matches no enabled choice; enabled: "
                + enabled);
      }
    };
  }

  /** Passes choices through from {@code inner} and appends each chosen alternative to {@code sink}. */
  public static Schedule recording(Schedule inner, List<Choice> sink) {
    return enabled -> {
      int pick = inner.choose(enabled);
      if (pick != Schedule.STOP) {
        sink.add(enabled.get(pick));
      }
      return pick;
    };
  }
}

package dev.lockstep.impl.litmus;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of running one litmus test under one model.
 *
 * @param finalStates each distinct final state (over the condition's registers and locations and
 *     the {@code locations} clause) and whether it satisfies the condition
 * @param states machine states explored
 * @param deadlocks runs that ended with a thread blocked (e.g. on a lock never released)
 * @param witness for a satisfiable condition, one interleaving reaching it
 */
public record LitmusResult(
    LitmusTest test,
    MemoryModel model,
    Verdict verdict,
    long positive,
    long negative,
    ImmutableSortedMap<String, Boolean> finalStates,
    long states,
    long deadlocks,
    Optional<ImmutableList<Row>> witness,
    long nanos) {

  /** Whether the clause holds: exists — some state satisfies; ~exists — none does; forall — all do. */
  public boolean conditionHolds() {
    return switch (test.quantifier()) {
      case EXISTS -> positive > 0;
      case NOT_EXISTS -> positive == 0;
      case FORALL -> negative == 0;
    };
  }

  /** Prints herd7's summary (final states, Positive/Negative, Observation) and the witness. */
  public void print(PrintWriter out) {
    out.printf("Test %s (memory model %s)%n", test.name(), model.name().toLowerCase(Locale.ROOT));
    out.printf("States %d%n", finalStates.size());
    finalStates.forEach((state, holds) -> out.printf("%s %s%n", holds ? "*" : " ", state));
    out.printf("%s%n", conditionHolds() ? "Ok" : "No");
    out.printf("Positive: %d Negative: %d%n", positive, negative);
    out.printf("Observation %s %s %d %d%n", test.name(), verdict, positive, negative);
    out.printf(Locale.ROOT, "Explored %,d machine states in %.1f ms%s%n", states, nanos / 1e6,
        deadlocks > 0 ? ", " + deadlocks + " blocked end states" : "");
    witness.filter(w -> verdict == Verdict.Sometimes).ifPresent(w -> {
      out.println("Witness (one interleaving reaching the condition; \"sees\" = a write reaches that CPU):");
      printColumns(out, w);
    });
  }

  private void printColumns(PrintWriter out, List<Row> rows) {
    int n = test.threads().size();
    int[] width = new int[n];
    for (int t = 0; t < n; t++) {
      width[t] = test.threads().get(t).name().length();
    }
    for (Row r : rows) {
      width[r.thread()] = Math.max(width[r.thread()], r.text().length());
    }
    List<String> header = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      header.add(Strings.padEnd(test.threads().get(t).name(), width[t], ' '));
    }
    out.println("  " + String.join(" | ", header).stripTrailing());
    for (Row r : rows) {
      List<String> cells = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        cells.add(Strings.padEnd(t == r.thread() ? r.text() : "", width[t], ' '));
      }
      out.println("  " + String.join(" | ", cells).stripTrailing());
    }
  }
}

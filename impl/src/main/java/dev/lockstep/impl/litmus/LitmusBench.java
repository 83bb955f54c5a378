package dev.lockstep.impl.litmus;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Litmus tests per second: runs the tests in the given folders or files (default: the project's
 * suite, impl/src/test/resources/litmus) under both memory models, three rounds after a warm-up
 * round, and prints the best round. Usage: {@code LitmusBench [PATH...]}.
 */
public final class LitmusBench {
  private LitmusBench() {}

  public static void main(String[] args) throws IOException {
    List<Path> paths = new ArrayList<>();
    for (String a : args) {
      paths.add(Path.of(a));
    }
    if (paths.isEmpty()) {
      paths.add(Path.of("impl/src/test/resources/litmus"));
    }
    PrintWriter out = new PrintWriter(System.out, true);
    for (MemoryModel model : MemoryModel.values()) {
      Litmus.Suite best = null;
      for (int round = 0; round < 4; round++) {
        Litmus.Suite s = Litmus.Suite.run(Litmus.litmusFiles(paths), model);
        if (round > 0 && (best == null || s.nanos() < best.nanos())) {
          best = s;
        }
      }
      long states = best.entries().stream().filter(e -> e.result() != null).mapToLong(e -> e.result().states()).sum();
      out.printf(Locale.ROOT, "%-4s %d tests (%d could not run) in %.3f s: %.1f tests/s, %,d machine states,"
          + " %,.0f states/s%n", model.name().toLowerCase(Locale.ROOT), best.entries().size(), best.unrunnable().size(),
          best.nanos() / 1e9, best.entries().size() * 1e9 / best.nanos(), states, states * 1e9 / best.nanos());
    }
  }
}

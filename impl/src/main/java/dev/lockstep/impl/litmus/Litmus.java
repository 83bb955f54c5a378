package dev.lockstep.impl.litmus;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What {@code lockstep litmus} does, callable without the CLI (checker reaches it through
 * refinement's {@code LitmusEngine} service). One file: the full report (final
 * states, herd's Positive/Negative and Observation lines, a witness in CPU columns for {@code
 * Sometimes}). Several files or folders (their {@code *.litmus}, sorted): one line per test, then
 * the agreement with the {@code Result:} comments, every unsupported test by name, and tests per
 * second.
 */
public final class Litmus {
  public static final int OK = 0;
  /** A verdict differs from the file's Result: comment (with check). */
  public static final int MISMATCH = 1;
  /** A file is unreadable, not valid litmus, uses an unsupported construct, or lacks Result: (with check). */
  public static final int UNRUNNABLE = 2;

  private Litmus() {}

  /**
   * Runs the tests at {@code paths}. Exit code: one file — 0, 1 on a mismatch, 2 if it cannot run;
   * several — 1 if any mismatch, else 2 if any cannot run, else 0.
   */
  public static int run(List<Path> paths, MemoryModel model, boolean check, PrintWriter out, PrintWriter err) {
    List<Path> files;
    try {
      files = litmusFiles(paths);
    } catch (IOException e) {
      err.println("lockstep: cannot list " + e.getMessage());
      return UNRUNNABLE;
    }
    if (files.size() == 1 && !Files.isDirectory(paths.get(0))) {
      return single(files.get(0), model, check, out, err);
    }
    return suite(files, model, check, out);
  }

  /** The files named, with each folder replaced by its {@code *.litmus} files, sorted. */
  static List<Path> litmusFiles(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.toString().endsWith(".litmus")).sorted().forEach(files::add);
        }
      } else {
        files.add(p);
      }
    }
    return files;
  }

  private static int single(Path file, MemoryModel model, boolean check, PrintWriter out, PrintWriter err) {
    LitmusTest test;
    try {
      test = LitmusReader.read(file);
    } catch (IOException e) {
      err.println("lockstep: cannot read " + file + ": " + e.getMessage());
      return UNRUNNABLE;
    } catch (LitmusException e) {
      err.println("lockstep: " + e.getMessage());
      return UNRUNNABLE;
    }
    LitmusResult result = LitmusRunner.run(test, model);
    result.print(out);
    if (!check) {
      return OK;
    }
    if (test.declared().isEmpty()) {
      err.println("lockstep: " + file + ": no 'Result:' comment to check against");
      return UNRUNNABLE;
    }
    Verdict declared = test.declared().get();
    boolean same = declared == result.verdict();
    out.printf("%s: %s, the Result: comment says %s%n", same ? "ok" : "MISMATCH", result.verdict(), declared);
    return same ? OK : MISMATCH;
  }

  private static int suite(List<Path> files, MemoryModel model, boolean check, PrintWriter out) {
    Suite suite = Suite.run(files, model);
    suite.print(out);
    if (check && suite.mismatches() > 0) {
      return MISMATCH;
    }
    return suite.unrunnable().isEmpty() && (!check || suite.undeclared() == 0) ? OK : UNRUNNABLE;
  }

  /** The outcome of running many tests: per test its result or why it could not run. */
  public record Suite(List<Entry> entries, MemoryModel model, long nanos) {
    /** One test: a result, or the reason it could not run (unsupported construct, syntax, I/O). */
    public record Entry(Path file, LitmusResult result, String problem, boolean unsupported) {
      /** Whether the verdict matches the Result: comment (false when it could not run or has none). */
      public boolean agrees() {
        return result != null && result.test().declared().map(d -> d == result.verdict()).orElse(false);
      }
    }

    public static Suite run(List<Path> files, MemoryModel model) {
      long start = System.nanoTime();
      List<Entry> entries = new ArrayList<>();
      for (Path f : files) {
        try {
          entries.add(new Entry(f, LitmusRunner.run(LitmusReader.read(f), model), null, false));
        } catch (LitmusException e) {
          entries.add(new Entry(f, null, e.getMessage(), e.unsupported()));
        } catch (IOException e) {
          entries.add(new Entry(f, null, f + ": cannot read: " + e.getMessage(), false));
        }
      }
      return new Suite(List.copyOf(entries), model, System.nanoTime() - start);
    }

    public long mismatches() {
      return entries.stream().filter(e -> e.result != null && e.result.test().declared().isPresent() && !e.agrees())
          .count();
    }

    public long undeclared() {
      return entries.stream().filter(e -> e.result != null && e.result.test().declared().isEmpty()).count();
    }

    public List<Entry> unrunnable() {
      return entries.stream().filter(e -> e.result == null).toList();
    }

    void print(PrintWriter out) {
      int width = entries.stream().filter(e -> e.result != null)
          .mapToInt(e -> e.result.test().name().length()).max().orElse(4);
      String row = "%-" + width + "s  %-9s %-9s %-5s %7s %8s%n";
      out.printf(row, "Test", "Result:", model.name().toLowerCase(Locale.ROOT), "agree", "states", "ms");
      for (Entry e : entries) {
        if (e.result == null) {
          continue;
        }
        LitmusResult r = e.result;
        out.printf(Locale.ROOT, row, r.test().name(),
            r.test().declared().map(Verdict::name).orElse("-"), r.verdict(),
            r.test().declared().isEmpty() ? "-" : e.agrees() ? "yes" : "NO", r.states(),
            String.format(Locale.ROOT, "%.1f", r.nanos() / 1e6));
      }
      long ran = entries.size() - unrunnable().size();
      long agree = entries.stream().filter(Entry::agrees).count();
      out.printf(Locale.ROOT, "%d tests: %d ran, %d agree with their Result: comment, %d disagree, %d without one;"
          + " %d could not run%n", entries.size(), ran, agree, mismatches(), undeclared(), unrunnable().size());
      for (Entry e : unrunnable()) {
        out.printf("  %s%n", e.problem);
      }
      out.printf(Locale.ROOT, "%.1f tests per second (%d tests in %.2f s, reading included)%n",
          entries.size() * 1e9 / nanos, entries.size(), nanos / 1e9);
    }
  }
}

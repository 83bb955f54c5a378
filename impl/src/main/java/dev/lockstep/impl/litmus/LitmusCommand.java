package dev.lockstep.impl.litmus;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code lockstep litmus FILE} does, callable without the CLI: runs one test and, with
 * {@code check}, compares the verdict with the file's {@code Result:} comment as the kernel's
 * {@code checklitmus.sh} does.
 */
public final class LitmusCommand {
  public static final int OK = 0;
  public static final int MISMATCH = 1;
  public static final int UNRUNNABLE = 2;

  private LitmusCommand() {}

  /** Returns the exit code: 0 ok, 1 verdict differs from the Result: comment, 2 unreadable or unsupported. */
  public static int run(Path file, MemoryModel model, boolean check, PrintWriter out, PrintWriter err) {
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
    out.printf(Locale.ROOT, "%s: %s, Result: comment says %s%n", same ? "ok" : "MISMATCH", result.verdict(), declared);
    return same ? OK : MISMATCH;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int worst = 0;
    for (String a : args) {
      int code = run(Path.of(a), MemoryModel.LKMM, true, out, err);
      worst = Math.max(worst, code);
    }
    System.exit(worst);
  }
}

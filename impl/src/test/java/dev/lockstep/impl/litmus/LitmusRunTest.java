package dev.lockstep.impl.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's report, witness and exit codes. */
class LitmusRunTest {
  private static final Path SUITE = Path.of("src/test/resources/litmus");

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(boolean check, MemoryModel model, Path... files) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Litmus.run(List.of(files), model, check, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void reportsHerdsObservationAndAWitnessInCpuColumns() {
    Run r = run(true, MemoryModel.LKMM, SUITE.resolve("MP+po.litmus"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Positive: 1 Negative: 3"), r.out());
    assertTrue(r.out().contains("Observation MP+po Sometimes 1 3"), r.out());
    assertTrue(r.out().contains("* 1:r0=1; 1:r1=0;"), r.out());
    assertTrue(r.out().contains("  P0  ") && r.out().contains(" | P1"), r.out());
    // The witness ends with the loads that make the condition true.
    assertTrue(r.out().contains("r0 = READ_ONCE(*y) = 1") && r.out().contains("r1 = READ_ONCE(*x) = 0"), r.out());
    assertTrue(r.out().endsWith("ok: Sometimes, the Result: comment says Sometimes\n"), r.out());
  }

  @Test
  void theWitnessOfAWeakOutcomeRespectsTheBarriersItCrosses() throws LitmusException, IOException {
    // Under SC message passing never shows the stale read; the weak model shows it only via a
    // write that reaches P1 out of order.
    LitmusTest mp = LitmusReader.read(SUITE.resolve("MP+po.litmus"));
    assertEquals(Verdict.Never, LitmusRunner.run(mp, MemoryModel.SC).verdict());
    LitmusResult weak = LitmusRunner.run(mp, MemoryModel.LKMM);
    List<String> rows = weak.witness().orElseThrow().stream().map(Row::text).toList();
    assertTrue(rows.contains("sees y=1 (P0)"), rows.toString());
    assertTrue(rows.indexOf("sees y=1 (P0)") < rows.indexOf("r0 = READ_ONCE(*y) = 1"), rows.toString());
    assertTrue(!rows.contains("sees x=1 (P0)") || rows.indexOf("sees x=1 (P0)") > rows.indexOf("r1 = READ_ONCE(*x) = 0"),
        rows.toString());
  }

  @Test
  void checkExitsOneOnAMismatchAndTwoOnAnUnsupportedTest() throws IOException {
    Path wrong = dir.resolve("wrong.litmus");
    Files.writeString(wrong, Files.readString(SUITE.resolve("SB+po.litmus")).replace("Result: Sometimes", "Result: Never"));
    Run mismatch = run(true, MemoryModel.LKMM, wrong);
    assertEquals(1, mismatch.code());
    assertTrue(mismatch.out().contains("MISMATCH: Sometimes, the Result: comment says Never"), mismatch.out());
    assertEquals(0, run(false, MemoryModel.LKMM, wrong).code());

    Path unsupported = dir.resolve("sil.litmus");
    Files.writeString(unsupported, "C sil\n{}\nP0(spinlock_t *s)\n{\n\tint r0;\n\n\tr0 = spin_is_locked(s);\n}\n"
        + "exists (0:r0=1)\n");
    Run refused = run(true, MemoryModel.LKMM, unsupported);
    assertEquals(2, refused.code());
    assertEquals("lockstep: " + unsupported + ":7:7: unsupported: spin_is_locked()\n", refused.err());
  }

  @Test
  void aFolderRunCountsAndNamesWhatCannotRun() throws IOException {
    Files.copy(SUITE.resolve("LB+po.litmus"), dir.resolve("a.litmus"));
    Files.writeString(dir.resolve("b.litmus"), "C b\n{}\nP0(int *x)\n{\n\t*x = 1;\n}\nexists (x=1)\n");
    Run r = run(true, MemoryModel.LKMM, dir);
    assertEquals(2, r.code());
    assertTrue(r.out().contains("2 tests: 1 ran, 1 agree with their Result: comment, 0 disagree, 0 without one;"
        + " 1 could not run"), r.out());
    assertTrue(r.out().contains("b.litmus:5:2: unsupported: plain store *x = 1;"), r.out());
  }
}

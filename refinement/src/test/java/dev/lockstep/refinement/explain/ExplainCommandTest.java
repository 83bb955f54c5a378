package dev.lockstep.refinement.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.checker.cli.LockstepCommand;
import dev.lockstep.refinement.binding.Repository;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lockstep explain} on stored counterexamples, compared with golden files under
 * {@code src/test/resources/explain/} (rewrite them with {@code -Dlockstep.updateGolden=true} after reviewing the
 * change), and its one-line errors for bad expressions.
 */
class ExplainCommandTest {
    private static final Path GOLDEN = Path.of("src/test/resources/explain");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int explain(String counterexample, String... options) {
        CommandLine cl = LockstepCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("explain", "--root", Repository.ROOT.toString()));
        args.addAll(List.of(options));
        args.add(Repository.ROOT.resolve("counterexamples").resolve(counterexample + ".itf.json").toString());
        return cl.execute(args.toArray(String[]::new));
    }

    private void assertGolden(String name) throws IOException {
        Path file = GOLDEN.resolve(name + ".txt");
        if (Boolean.getBoolean("lockstep.updateGolden")) {
            Files.writeString(file, out.toString());
        }
        assertEquals(Files.readString(file), out.toString(), "lockstep explain differs from " + file);
        for (String line : out.toString().split("\n")) {
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "not plain ASCII: " + line);
        }
    }

    private void assertWidth(int width) {
        for (String line : out.toString().split("\n")) {
            assertTrue(line.length() <= width, "longer than " + width + ": " + line);
        }
    }

    @Test
    void relaxedDecrementShowsTheKernelOperationsAndTheBrokenInvariant() throws IOException {
        assertEquals(0, explain("dax/refcount-relaxed/NoReclaimWhileInUse"), err.toString());
        assertGolden("dax-refcount-relaxed-NoReclaimWhileInUse");
        assertWidth(80);
        String text = out.toString();
        assertTrue(text.contains("atomic_dec(d2.refcnt);"), text);
        assertTrue(text.contains("Java model after its step 7: NoReclaimWhileInUse is FALSE"), text);
    }

    @Test
    void deadlockEndsInTheLockdepScenarioWithTheWaitForCycle() throws IOException {
        assertEquals(0, explain("dax/fault-inline-reclaim/deadlock"), err.toString());
        assertGolden("dax-fault-inline-reclaim-deadlock");
        assertWidth(80);
        String text = out.toString();
        assertTrue(text.contains(" Possible unsafe locking scenario:") && text.contains(" *** DEADLOCK ***")
                && text.contains("wait-for cycle: f1 -> f1"), text);
    }

    @Test
    void aCycleThroughThreeTasksShowsLockdepsChainAndOnlyTheCyclesColumns() {
        assertEquals(0, explain("tcmu/zero-copy-cmdr/deadlock"), err.toString());
        String text = out.toString();
        String block = text.substring(text.indexOf("Chain exists of:"));
        // Six tasks overflow 80 columns in the scenario above (12 at least each); the three of the cycle fit.
        block.lines().forEach(l -> assertTrue(l.length() <= 80, "longer than 80: " + l));
        assertTrue(block.startsWith("Chain exists of:\n  udev->cmdr_lock --> mm->mmap_lock (writer queued) -->"
                + " mm->mmap_lock\n\n Possible unsafe locking scenario:\n\n    CPU0 (f1)                 CPU1"
                + " (find_free_blocks)   CPU2 (munmap)\n"), block);
        // Tasks that only wait behind the cycle have no column in the block; they are listed below it.
        String scenario = block.substring(0, block.indexOf(" *** DEADLOCK ***"));
        assertFalse(scenario.contains("(f2)") || scenario.contains("(queue_cmd_ring)"), scenario);
        assertTrue(block.contains(" f2 waits for mm->mmap_lock (writer queued), held by munmap\n"), block);
    }

    @Test
    void syncfsOnAWiderTerminal() throws IOException {
        assertEquals(0, explain("syncfs/plain-inc/NoBucketUseAfterFree", "--width", "132"), err.toString());
        assertGolden("syncfs-plain-inc-NoBucketUseAfterFree-132");
        assertWidth(132);
        assertTrue(out.toString().contains("kfree_rcu(b0, rcu);"), out.toString());
    }

    @Test
    void lassoMarksItsLoopWithSpecActionsWhereNoJavaModelReplaysIt() throws IOException {
        assertEquals(0, explain("dax/inode-trylock-fio2/WorkerNotLockedOut"), err.toString());
        assertGolden("dax-inode-trylock-fio2-WorkerNotLockedOut");
        assertWidth(80);
        String text = out.toString();
        assertTrue(text.contains("spec actions only: the Java model has no variant inode-trylock-fio2"), text);
        assertTrue(text.contains("---- loop: from state 9, states 10..14 and back repeat forever"), text);
    }

    @Test
    void expressionsAreEvaluatedAtEveryStateAndPrimedOnesOnEveryStep() throws IOException {
        assertEquals(0, explain("dax/refcount-relaxed/NoReclaimWhileInUse", "--expr", "refcnt[\"d2\"]",
                "--expr", "refcnt' # refcnt", "--expr", "refcnt[\"d9\"]"), err.toString());
        assertGolden("dax-refcount-relaxed-NoReclaimWhileInUse-expr");
        String text = out.toString();
        // TLC's values: the reference taken in state 3 and dropped in state 4.
        assertTrue(text.contains(">> refcnt[\"d2\"] = 1\n"), text);
        assertEquals(8, text.split(">> refcnt\\[\"d2\"\\]", -1).length - 1, text);
        assertEquals(7, text.split(">> refcnt' # refcnt", -1).length - 1, text);
        assertTrue(text.contains("(TLC cannot evaluate it: Attempted to apply the record"), text);
    }

    private void assertExpressionError(String expr, String message) {
        assertEquals(2, explain("dax/refcount-relaxed/NoReclaimWhileInUse", "--expr", "pc", "--expr", expr));
        assertEquals("", out.toString());
        assertEquals("lockstep: " + message + "\n", err.toString().replace("\r\n", "\n"));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }

    @Test
    void aTraceOutsideTheCounterexampleLayoutIsOneLineAndExit2(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("x.itf.json");
        Files.copy(Repository.ROOT.resolve("counterexamples/dax/refcount-relaxed/NoReclaimWhileInUse.itf.json"), copy);
        CommandLine cl = LockstepCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("explain", "--root", Repository.ROOT.toString(), copy.toString()));
        assertEquals("lockstep: " + copy + ": not a counterexample of a protocol under " + Repository.ROOT.resolve("specs")
                + " (expected <protocol>/<variant>/<check>.itf.json, as the gate writes them)\n",
                err.toString().replace("\r\n", "\n"));
    }

    @Test
    void aBadExpressionIsOneLineWithItsPositionAndExit2() {
        assertExpressionError("refcnt[", "--expr 'refcnt[': col 8: the expression is incomplete");
        assertExpressionError("refcnt[d2] + 1", "--expr 'refcnt[d2] + 1': col 8: Unknown operator: `d2'.");
        assertExpressionError("refcnt\n  +", "--expr 'refcnt +': line 2, col 4: the expression is incomplete");
        assertExpressionError("[](refcnt = refcnt)",
                "--expr '[](refcnt = refcnt)': a temporal formula has no value at a state or a step");
        assertExpressionError(" ", "--expr ' ': the expression is empty");
    }
}

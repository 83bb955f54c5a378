package dev.lockstep.refinement.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.checker.cli.LockstepCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code lockstep litmus} reaches impl's runner through the LitmusEngine service this module registers. */
class LitmusCliTest {
    private static final String SUITE = "../impl/src/test/resources/litmus/";

    private record Run(int code, String out, String err) {}

    private static Run lockstep(String... args) {
        CommandLine cl = LockstepCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void checksAVerdictAgainstTheResultComment() {
        Run r = lockstep("litmus", "--check", SUITE + "IRIW+mbs.litmus");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Observation IRIW+mbs Never 0 15"), r.out());
        assertTrue(r.out().contains("ok: Never, the Result: comment says Never"), r.out());
    }

    @Test
    void theModelIsChosenPerRun() {
        // Store buffering is forbidden under sequential consistency, so --check fails there.
        Run sc = lockstep("litmus", "--check", "--model", "sc", SUITE + "SB+po.litmus");
        assertEquals(1, sc.code(), sc.out());
        assertTrue(sc.out().contains("MISMATCH: Never, the Result: comment says Sometimes"), sc.out());
        assertEquals(2, lockstep("litmus", "--model", "tso", SUITE + "SB+po.litmus").code());
    }
}

package dev.lockstep.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lockstep gate} on a small repository: exit codes, messages and the counterexample it stores. */
class GateCommandTest {
    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeAProtocol() throws IOException {
        Path folder = Files.createDirectories(root.resolve("specs/counter"));
        Files.writeString(folder.resolve("Counter.tla"), """
                ---- MODULE Counter ----
                EXTENDS Naturals
                CONSTANT Max
                VARIABLES pc, n
                Init == pc = [t \\in {"t1"} |-> "run"] /\\ n = 0
                Inc == n < Max /\\ n' = n + 1 /\\ pc' = [pc EXCEPT !["t1"] = IF n + 1 = Max THEN "done" ELSE "run"]
                Spec == Init /\\ [][Inc]_<<pc, n>>
                Small == n < 2
                ReachesTwo == n = 2
                ====
                """);
        Files.writeString(folder.resolve("three.cfg"), "CONSTANT Max = 3\nSPECIFICATION Spec\n");
        Files.writeString(folder.resolve("one.cfg"), "CONSTANT Max = 1\nSPECIFICATION Spec\n");
    }

    private int gate(String expectations) throws IOException {
        Files.writeString(root.resolve("specs/counter/expectations.txt"), expectations);
        CommandLine cl = LockstepCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute("gate", "--root", root.toString(), "--skip-stages", "--jobs", "1");
    }

    @Test
    void passesAndStoresTheCounterexampleOfEveryExpectedViolation() throws IOException {
        assertEquals(0, gate("""
                spec Counter
                three invariant Small       violated
                three witness   ReachesTwo  reachable
                one   invariant Small       holds
                one   witness   ReachesTwo  unreachable
                one   deadlock              violated
                """), out::toString);
        assertTrue(out.toString().endsWith("gate: PASS\n"), out::toString);
        String trace = Files.readString(root.resolve("counterexamples/counter/three/Small.itf.json"));
        assertTrue(trace.contains("\"variant\": \"three\""), trace);
        assertTrue(Files.isRegularFile(root.resolve("counterexamples/counter/three/ReachesTwo.txt")));
        assertTrue(Files.isRegularFile(root.resolve("counterexamples/counter/one/deadlock.itf.json")));
    }

    @Test
    void failsNamingTheCheckThatDepartsFromItsExpectation() throws IOException {
        assertEquals(1, gate("spec Counter\none invariant Small violated\n"));
        assertTrue(out.toString().contains("FAIL  counter/one: invariant Small: expected violated, actual holds"),
                out::toString);
        assertTrue(out.toString().endsWith("gate: FAIL\n"), out::toString);
    }

    @Test
    void aMalformedExpectationsFileIsAUsageErrorNamingFileAndLine() throws IOException {
        assertEquals(2, gate("spec Counter\none invariant Small maybe\n"));
        assertEquals("lockstep: " + root.resolve("specs/counter/expectations.txt") + ":2: unknown outcome 'maybe'",
                err.toString().strip());
    }

    @Test
    void warnsAboutACommittedCounterexampleNoExpectationProduces() throws IOException {
        Path stale = Files.createDirectories(root.resolve("counterexamples/counter/gone")).resolve("Old.itf.json");
        Files.writeString(stale, "{}");
        assertEquals(0, gate("spec Counter\none invariant Small holds\n"));
        assertTrue(out.toString().contains("warning: " + stale + " matches no expected violation"), out::toString);
        assertTrue(Files.exists(stale), "never deleted");
    }
}

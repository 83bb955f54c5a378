package dev.lockstep.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private int gate(String expectations, String... options) throws IOException {
        Files.writeString(root.resolve("specs/counter/expectations.txt"), expectations);
        List<String> args = new ArrayList<>(List.of("gate", "--root", root.toString(), "--skip-stages", "--jobs", "1"));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    private int run(String... args) {
        CommandLine cl = LockstepCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static final String EXPECTATIONS = """
            spec Counter
            three invariant Small       violated
            three witness   ReachesTwo  reachable
            one   invariant Small       holds
            one   witness   ReachesTwo  unreachable
            one   deadlock              violated
            """;

    @Test
    void aSecondGateWithNothingChangedReusesEveryResultAndWritesTheSameCounterexamples() throws IOException {
        assertEquals(0, gate(EXPECTATIONS));
        assertFalse(out.toString().contains("(cached)"), out::toString);
        Path itf = root.resolve("counterexamples/counter/three/Small.itf.json");
        Path txt = root.resolve("counterexamples/counter/three/Small.txt");
        String firstItf = Files.readString(itf);
        String firstTxt = Files.readString(txt);
        Files.delete(itf);
        out.getBuffer().setLength(0);
        assertEquals(0, gate(EXPECTATIONS));
        assertEquals(4, out.toString().lines().filter(l -> l.endsWith("(cached)")).count(), out::toString);
        assertTrue(out.toString().contains("4 cached"), out::toString);
        assertEquals(firstItf, Files.readString(itf));
        assertEquals(firstTxt, Files.readString(txt));
    }

    @Test
    void aChangedConfigOrACorruptEntryOrNoCacheRunsTlcAgain() throws IOException {
        assertEquals(0, gate(EXPECTATIONS));
        Files.writeString(root.resolve("specs/counter/one.cfg"), "CONSTANT Max = 1\nSPECIFICATION Spec\n\n");
        out.getBuffer().setLength(0);
        assertEquals(0, gate(EXPECTATIONS));
        assertEquals(2, out.toString().lines().filter(l -> l.endsWith("(cached)")).count(), "only three's runs: " + out);
        try (var entries = Files.list(root.resolve("target/lockstep-cache"))) {
            for (Path e : entries.toList()) {
                Files.writeString(e, "{\"key\": \"");
            }
        }
        out.getBuffer().setLength(0);
        assertEquals(0, gate(EXPECTATIONS));
        assertFalse(out.toString().contains("(cached)"), "corrupt entries are never trusted: " + out);
        out.getBuffer().setLength(0);
        assertEquals(0, gate(EXPECTATIONS, "--no-cache"));
        assertFalse(out.toString().contains("(cached)"), out::toString);
    }

    @Test
    void anUnknownProtocolIsAUsageErrorListingTheKnownOnes() throws IOException {
        assertEquals(2, gate(EXPECTATIONS, "--protocol", "nosuch"));
        assertEquals("lockstep: no protocol named 'nosuch' (protocols: counter)", err.toString().strip());
    }

    @Test
    void onATerminalEachModelIsOneLineUnderALiveProgressLine() throws IOException {
        assertEquals(0, gate(EXPECTATIONS, "--live"));
        String shown = out.toString();
        assertTrue(shown.contains("[2/2 models, 4/4 TLC runs]"), shown);
        List<String> lines = shown.lines().map(l -> l.substring(l.lastIndexOf('\r') + 1)).toList();
        assertEquals(1, lines.stream().filter(l -> l.matches("PASS  counter/three +2 checks .*")).count(), shown);
        assertEquals(1, lines.stream().filter(l -> l.matches("PASS  counter/one +3 checks .*")).count(), shown);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("PASS  counter/one: ")), "no line per check: " + shown);
        assertTrue(Files.isRegularFile(root.resolve("counterexamples/counter/three/Small.itf.json")));
        assertTrue(shown.endsWith("gate: PASS\n"), shown);
    }

    @Test
    void onATerminalAFailedCheckIsShownInFull() throws IOException {
        assertEquals(1, gate("spec Counter\none invariant Small violated\n", "--live"));
        assertTrue(out.toString().contains("FAIL  counter/one ")
                && out.toString().contains("counter/one: invariant Small: expected violated, actual holds"),
                out::toString);
    }

    @Test
    void checkOfAModelByNameRunsEveryCheckOfThatVariantAndPrintsItsCounterexamples() throws IOException {
        Files.writeString(root.resolve("specs/counter/expectations.txt"), EXPECTATIONS);
        assertEquals(0, run("check", "--root", root.toString(), "counter/three"));
        String shown = out.toString();
        assertTrue(shown.contains("PASS  counter/three: invariant Small: expected violated, actual violated"), shown);
        assertTrue(shown.contains("PASS  counter/three: witness ReachesTwo: expected reachable, actual reachable"),
                shown);
        assertTrue(shown.contains("Counter variant three: invariant Small violated"), shown);
        assertTrue(Files.notExists(root.resolve("counterexamples")), "check by name stores nothing");
    }

    @Test
    void checkOfAModelByNameFailsWhenAnOutcomeDeparts() throws IOException {
        Files.writeString(root.resolve("specs/counter/expectations.txt"), "spec Counter\none invariant Small violated\n");
        assertEquals(1, run("check", "--root", root.toString(), "counter/one"));
        assertTrue(out.toString().contains("FAIL  counter/one: invariant Small: expected violated, actual holds"),
                out::toString);
    }

    @Test
    void checkOfAnUnknownVariantListsTheVariants() throws IOException {
        Files.writeString(root.resolve("specs/counter/expectations.txt"), EXPECTATIONS);
        assertEquals(2, run("check", "--root", root.toString(), "counter/two"));
        assertEquals("lockstep: no variant 'two' in " + root.resolve("specs/counter/expectations.txt")
                + " (variants: three, one)", err.toString().strip());
    }

    @Test
    void checkOfASpecWithoutItsConfigListsTheConfigsAndTheVariants() throws IOException {
        Files.writeString(root.resolve("specs/counter/expectations.txt"), EXPECTATIONS);
        Path spec = root.resolve("specs/counter/Counter.tla");
        assertEquals(2, run("check", spec.toString()));
        assertEquals("lockstep: no Counter.cfg next to " + spec + "; pass --config with one of one.cfg, three.cfg,"
                + " or check a variant against its expectations: lockstep check counter/one", err.toString().strip());
    }

    @Test
    void withoutASubcommandTheErrorNamesThemAndPointsToHelpOnce() {
        assertEquals(2, run());
        assertEquals("lockstep: missing subcommand: one of check, gate, litmus, explain, review, bench-overhead,"
                + " bench-gate, help (see: lockstep --help)",
                err.toString().strip());
    }

    @Test
    void passesAndStoresTheCounterexampleOfEveryExpectedViolation() throws IOException {
        assertEquals(0, gate(EXPECTATIONS), out::toString);
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

    @Test
    void aSpecErrorNamesTheFileUnderSpecsNotTheRunsCopy() throws IOException {
        Path spec = root.resolve("specs/counter/Counter.tla");
        Files.writeString(spec, Files.readString(spec).replace("Small == n < 2", "Small == n < Undefined"));
        assertEquals(1, gate("spec Counter\none invariant Small holds\n"));
        assertTrue(out.toString().contains(spec + ":"), out::toString);
        assertFalse(out.toString().contains("lockstep-gate-"), out::toString);
    }
}

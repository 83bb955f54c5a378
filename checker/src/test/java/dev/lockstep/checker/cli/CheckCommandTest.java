package dev.lockstep.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.checker.itf.ItfReader;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.value.TlaInt;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code lockstep check} in-process and pins its exit codes, output and files. */
class CheckCommandTest {
    private static final Path MODELS = Path.of("src/test/resources/models");

    @TempDir
    Path metadirParent;
    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void leavesNoMetadirAndNoTlcProcess() throws IOException {
        assertEquals(List.of(), list(metadirParent), "metadir left behind");
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(),
                "TLC process left running");
    }

    private int check(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = LockstepCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("check", "--metadir-parent", metadirParent.toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    private static String model(String folder, String module) {
        return MODELS.resolve(folder).resolve(module + ".tla").toString();
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void exitsZeroAndPrintsStatsWhenNoErrorIsFound() {
        assertEquals(0, check(model("ok", "Toggle")));
        assertTrue(out.toString().startsWith("ok\n"), out::toString);
        assertTrue(out.toString().contains("75 states generated, 25 distinct states, depth 1, "), out::toString);
    }

    @Test
    void exitsOneAndNamesTheViolatedInvariant() {
        assertEquals(1, check(model("invariant", "Counter")));
        assertTrue(out.toString().startsWith("invariant Small violated\n"), out::toString);
    }

    private String firstLine() {
        return out.toString().lines().findFirst().orElse("");
    }

    @Test
    void exitsOneForEveryKindOfViolation() {
        assertEquals(1, check(model("deadlock", "Stuck")));
        assertEquals("deadlock", firstLine());
        assertEquals(1, check(model("lasso", "Ring")));
        assertEquals("temporal property violated", firstLine());
        assertEquals(1, check(model("actionprop", "Monotone")));
        assertEquals("action property NeverDecreases violated", firstLine());
        assertEquals(1, check(model("assertion", "Asserting")));
        assertEquals("assertion failed: " + model("assertion", "Asserting") + ":5:23: \"n overflowed\"", firstLine());
        assertEquals(1, check(model("assumption", "Assume")));
        assertEquals("assumption false: " + model("assumption", "Assume") + ":4:8", firstLine());
    }

    @Test
    void exitsTwoWithOneLineNamingFileLineAndColumnOfASyntaxError() {
        assertEquals(2, check(model("parseerror", "Broken")));
        assertEquals("spec error: " + model("parseerror", "Broken") + ":6:1: parse error: unexpected Beginning of"
                + " definition", out.toString().lines().findFirst().orElseThrow());
    }

    @Test
    void exitsTwoForAnEvaluationErrorWithItsLocation() {
        assertEquals(2, check(model("evalerror", "DivZero")));
        assertTrue(out.toString().startsWith("evaluation error: " + model("evalerror", "DivZero") + ":5:27: "),
                out::toString);
    }

    @Test
    void exitsTwoForConfigErrorsUnknownModulesAndMissingFiles() {
        assertEquals(2, check(model("configerror", "Misconf")));
        assertTrue(firstLine().startsWith("config error: " + MODELS.resolve("configerror/Misconf.cfg")
                + ": The invariant NoSuchInvariant"), firstLine());
        assertEquals(2, check(model("unknownmodule", "Lonely")));
        assertTrue(firstLine().startsWith("spec error: " + model("unknownmodule", "Lonely")
                + ": cannot find module NoSuchModule"), firstLine());
        assertEquals(2, check(model("ok", "Toggle"), "--config", "no/such.cfg"));
        assertEquals("config error: no/such.cfg: no such config file", firstLine());
        assertEquals(2, check(model("ok", "NoSuchSpec")));
        assertEquals("usage error: " + model("ok", "NoSuchSpec") + ": no such .tla file", firstLine());
    }

    @Test
    void exitsTwoForCorruptInput() throws IOException {
        Path garbage = work.resolve("Garbage.tla");
        Files.write(garbage, new byte[] {0, (byte) 0xff, 0x1b, '=', '=', 0x7f, '\n', '-', '-'});
        Files.writeString(work.resolve("Garbage.cfg"), "SPECIFICATION Spec\n");
        assertEquals(2, check(garbage.toString()));
        assertTrue(out.toString().startsWith("spec error: " + garbage), out::toString);
    }

    @Test
    void exitsTwoForUnknownOptionsAndBadValues() {
        assertEquals(2, check(model("ok", "Toggle"), "--bogus"));
        assertEquals("lockstep: Unknown option: '--bogus' (see: lockstep check --help)", err.toString().strip());
        assertEquals(2, check(model("ok", "Toggle"), "--timeout", "soon"));
        assertTrue(err.toString().contains("'soon' is not a duration"), err::toString);
        assertEquals(2, check(model("ok", "Toggle"), "--workers", "0"));
        assertEquals(2, check(model("ok", "Toggle"), "--tlc-heap", "lots"));
        assertEquals(2, check(model("ok", "Toggle"), "--tlc-arg=-bogus"));
    }

    @Test
    void exitsThreeWhenTheTimeoutExpires() {
        assertEquals(3, check("bench/Odometer.tla", "--timeout", "1s"));
        assertTrue(out.toString().startsWith("timed out: TLC did not finish within 1s"), out::toString);
    }

    @Test
    void exitsThreeWhenTlcRunsOutOfMemory() {
        assertEquals(3, check(model("outofmemory", "Hog"), "--tlc-heap", "24m", "--timeout", "1m"));
        assertTrue(out.toString().startsWith("TLC ran out of memory: "), out::toString);
    }

    @Test
    void printsOneJsonDocumentWithVerdictPropertyStatsAndItfTrace() throws IOException {
        assertEquals(1, check(model("invariant", "Counter"), "--json"));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("invariant-violated", json.get("verdict").asText());
        assertEquals("Small", json.get("property").asText());
        assertEquals(6, json.at("/stats/distinct").asLong());
        assertEquals(8, json.at("/stats/generated").asLong());
        assertEquals(4, json.at("/stats/depth").asInt());
        assertEquals(4, json.at("/trace/states").size());
        assertEquals("Incr", json.at("/trace/states/3/#meta/action").asText());
        assertEquals(3, json.at("/trace/states/3/x").asInt());
    }

    @Test
    void printsNullTraceInJsonWhenThereIsNone() throws IOException {
        assertEquals(0, check(model("ok", "Toggle"), "--json"));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("ok", json.get("verdict").asText());
        assertTrue(json.get("trace").isNull());
        assertTrue(json.path("property").isMissingNode());
    }

    @Test
    void writesTheCounterexampleAsItfAndTextNamedAfterTheProperty() throws IOException {
        Path dir = work.resolve("cex");
        assertEquals(1, check(model("invariant", "Counter"), "--out", dir.toString()));
        assertEquals(List.of("Small.itf.json", "Small.txt"), list(dir));
        Trace trace = ItfReader.read(Files.readString(dir.resolve("Small.itf.json")));
        assertEquals(4, trace.states().size());
        assertEquals(TlaInt.of(3), trace.states().get(3).vars().get("x"));
        assertEquals("Incr", trace.states().get(3).action());
        assertTrue(Files.readString(dir.resolve("Small.txt")).contains("Incr"));
    }

    @Test
    void namesTheFilesAfterTheVerdictWhenNoPropertyIsNamed() throws IOException {
        Path dir = work.resolve("cex");
        assertEquals(1, check(model("stuttering", "Lazy"), "--out", dir.toString()));
        assertEquals(List.of("temporal-violated.itf.json", "temporal-violated.txt"), list(dir));
    }

    @Test
    void writesIdenticalFilesOnARerun() throws IOException {
        Path first = work.resolve("first");
        Path second = work.resolve("second");
        check(model("lasso", "Ring"), "--out", first.toString());
        check(model("lasso", "Ring"), "--out", second.toString());
        for (String name : list(first)) {
            assertEquals(Files.readString(first.resolve(name)), Files.readString(second.resolve(name)), name);
        }
    }

    @Test
    void refusesAnUnwritableOutputFolderBeforeRunningTlc() throws IOException {
        Path file = Files.writeString(work.resolve("plain-file"), "x");
        assertEquals(2, check(model("invariant", "Counter"), "--out", file.resolve("cex").toString()));
        assertEquals("", out.toString(), "TLC did not run, so no verdict");
        assertEquals(1, err.toString().lines().count(), err::toString);
        assertTrue(err.toString().startsWith("lockstep: cannot write to output folder " + file.resolve("cex")),
                err::toString);
    }

    @Test
    void documentsExitCodesInHelp() {
        assertEquals(0, check("--help"));
        assertTrue(out.toString().contains("Exit codes:"), out::toString);
        assertTrue(out.toString().contains("130  interrupted by Ctrl-C (SIGINT), 143 by SIGTERM"), out::toString);
    }
}

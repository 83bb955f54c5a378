package dev.lockstep.checker.itf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaValueParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ItfReaderTest {
    private static ItfFormatException refused(String json) {
        return assertThrows(ItfFormatException.class, () -> ItfReader.read(json));
    }

    private static String oneState(String var, String valueJson) {
        return "{\"vars\": [\"" + var + "\"], \"states\": [{\"#meta\": {\"index\": 0}, \"" + var + "\": "
                + valueJson + "}]}";
    }

    @Test
    void readsQuintStyleItfWithBigintsEverywhereAndExtraMeta() {
        String quint = """
                {"#meta":{"format":"ITF","format-description":"https://apalache-mc.org/docs/adr/015adr-trace.html",
                  "source":"bank.qnt","status":"violation","description":"Created by Quint","timestamp":1701944461444},
                 "vars":["balances","step","mbt::actionTaken"],
                 "states":[
                  {"#meta":{"index":0},"balances":{"#map":[["alice",{"#bigint":"10"}]]},"step":{"#bigint":"0"},
                   "mbt::actionTaken":"init"},
                  {"#meta":{"index":1,"extra":{"nested":[1,2]}},"balances":{"#map":[["alice",{"#bigint":"-99999999999999999999"}]]},
                   "step":{"#bigint":"1"},"mbt::actionTaken":"withdraw"}]}
                """;
        Trace t = ItfReader.read(quint);
        assertEquals(2, t.states().size());
        assertEquals(TlaValueParser.parseValue("[alice |-> -99999999999999999999]"),
                t.states().get(1).vars().get("balances"));
        assertEquals(TlaValueParser.parseValue("1"), t.states().get(1).vars().get("step"));
        assertEquals("", t.states().get(0).action());
        assertEquals(OptionalInt.empty(), t.loop());
        assertFalse(t.stuttering());
    }

    @Test
    void readsTuplesBothAsArraysAndAsTup() {
        assertEquals(TlaValueParser.parseValue("<<1, <<\"a\">>, << >>>>"),
                ItfReader.read(oneState("x", "{\"#tup\": [1, [\"a\"], {\"#tup\": []}]}")).states().get(0).vars()
                        .get("x"));
    }

    @Test
    void readsEmptyObjectAsTheEmptyFunction() {
        assertEquals(TlaValueParser.parseValue("<< >>"),
                ItfReader.read(oneState("x", "{}")).states().get(0).vars().get("x"));
    }

    @Test
    void keepsStringsWithCodeNewlinesAndQuotesVerbatim() {
        String hostile = "\"}]}\\n\\\"#set\\\": [1] <script>alert(1)</script> \\\\ \\u0000 ${x} /\\\\ y = 2\"";
        Trace t = ItfReader.read(oneState("x", hostile));
        String expected = "}]}\n\"#set\": [1] <script>alert(1)</script> \\ \u0000 ${x} /\\ y = 2";
        assertEquals(TlaValueParser.parseValue(
                        "\"" + expected.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\""),
                t.states().get(0).vars().get("x"));
        assertEquals(t, ItfReader.read(ItfWriter.write(t, ImmutableMap.of())));
    }

    @Test
    void readsAStutteringTraceBack() {
        Trace t = Trace.stuttering(ImmutableList.of(TraceState.initial(TlaValueParser.parseState("x = 0")),
                new TraceState("Inc", Optional.empty(), TlaValueParser.parseState("x = 1"))));
        assertEquals(t, ItfReader.read(ItfWriter.write(t, ImmutableMap.of())));
    }

    @Test
    void truncatedJsonNamesLineAndColumn() {
        String json = ItfWriter.write(Trace.finite(ImmutableList.of(
                TraceState.initial(TlaValueParser.parseState("x = {1, 2}")))), ImmutableMap.of());
        ItfFormatException e = refused(json.substring(0, json.length() / 2));
        assertTrue(e.getMessage().startsWith("ITF: invalid JSON at line "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void emptyInputIsRefused() {
        assertEquals("ITF: empty input", refused("  \n").getMessage());
    }

    @Test
    void errorsInAFileNameTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("NoReclaimWhileInUse.itf.json");
        Files.writeString(file, "{\"states\": [{\"x\": 1.5}]}");
        ItfFormatException e = assertThrows(ItfFormatException.class, () -> ItfReader.read(file));
        assertEquals(file + ": ITF: at states[0].x: must be an integer, found number 1.5", e.getMessage());
    }

    @Test
    void trailingGarbageIsRefused() {
        assertTrue(refused(oneState("x", "1") + " {}").getMessage().contains("invalid JSON"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]                                                        | at $: the top level must be a JSON object",
        "{}                                                        | at states: must be a non-empty array",
        "{\"states\": []}                                          | at states: must be a non-empty array",
        "{\"states\": [1]}                                         | at states[0]: must be an object",
        "{\"states\": [{\"#meta\": {\"index\": 3}}]}               | at states[0].#meta.index: must be 0",
        "{\"states\": [{\"x\": 1}], \"loop\": 1}                   | at loop: must be a state index in 0..0",
        "{\"states\": [{\"x\": 1}], \"loop\": \"0\"}               | at loop: must be a state index",
        "{\"vars\": [\"x\", \"y\"], \"states\": [{\"x\": 1}]}      | at states[0]: lacks variable 'y'",
        "{\"vars\": \"x\", \"states\": [{\"x\": 1}]}               | at vars: must be an array of names",
        "{\"states\": [{\"#foo\": 1}]}                             | at states[0]: unknown key '#foo'",
        "{\"states\": [{\"#meta\": {\"location\": \"here\"}}]}     | at states[0].#meta.location: must read",
        "{\"#meta\": {\"stuttering\": \"yes\"}, \"states\": [{}]}   | at #meta.stuttering: must be true or false",
    })
    void structuralErrorsNameThePath(String json, String message) {
        assertTrue(refused(json).getMessage().startsWith("ITF: " + message), refused(json).getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.5                                  | at states[0].x: must be an integer",
        "1e3                                  | at states[0].x: must be an integer",
        "null                                 | at states[0].x: is not an ITF value",
        "{\"#bigint\": 12}                    | at states[0].x.#bigint: must be a string of at most",
        "{\"#bigint\": \"12a\"}               | at states[0].x.#bigint: must be a string of at most",
        "{\"#set\": {\"a\": 1}}               | at states[0].x.#set: must be an array",
        "{\"#set\": [1, {\"#set\": [true, 2.5]}]} | at states[0].x.#set[1].#set[1]: must be an integer",
        "{\"#map\": [[1]]}                    | at states[0].x.#map[0]: must be a [key, value] pair",
        "{\"#map\": [[1, 2], [1, 3]]}         | at states[0].x.#map: maps one key twice",
        "{\"#set\": [], \"y\": 1}             | at states[0].x: an object with key '#set' must have no other keys",
        "{\"#object\": 1}                     | at states[0].x: unknown ITF tag '#object'",
        "{\"#unserializable\": \"Nat \\\\ {0}\"} | at states[0].x.#unserializable: only model values",
        "{\"a\": {\"b\": [true, {\"#tup\": 5}]}} | at states[0].x.a.b[1].#tup: must be an array",
    })
    void wrongValueTypesNameThePath(String valueJson, String message) {
        String got = refused(oneState("x", valueJson)).getMessage();
        assertTrue(got.startsWith("ITF: " + message), got);
    }

    @Test
    void duplicateJsonKeysAreRefused() {
        assertTrue(refused("{\"states\": [{\"x\": 1, \"x\": 2}]}").getMessage().contains("Duplicate field 'x'"));
    }

    @Test
    void absurdNestingIsRefusedWithoutOverflowingTheStack() {
        int depth = 200_000;
        String deep = Strings.repeat("[", depth) + Strings.repeat("]", depth);
        ItfFormatException e = refused(oneState("x", deep));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
    }

    @Test
    void giantNumbersAreRefused() {
        String giant = Strings.repeat("7", 5000);
        assertTrue(refused(oneState("x", giant)).getMessage().startsWith("ITF: invalid JSON at line 1"));
        assertTrue(refused(oneState("x", "{\"#bigint\": \"" + giant + "\"}")).getMessage()
                .contains("at most " + ItfReader.MAX_DIGITS + " decimal digits"));
    }

    @Test
    void errorMessagesQuoteHostileContentOnOneShortLine() {
        String payload = "\"" + Strings.repeat("A", 10_000) + "\\n\\r" + "\"";
        String message = refused(oneState("x", "{\"#bigint\": " + payload + "}")).getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        assertTrue(message.length() < 200, message);
    }
}

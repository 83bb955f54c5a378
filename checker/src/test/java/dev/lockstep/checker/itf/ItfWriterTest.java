package dev.lockstep.checker.itf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.trace.SourceLocation;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaValueParser;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ItfWriterTest {
    private static final Trace LASSO = Trace.lasso(ImmutableList.of(
            TraceState.initial(TlaValueParser.parseState(
                    "/\\ owner = (cpu0 :> \"none\")\n/\\ big = 9007199254740992\n/\\ q = <<>>")),
            new TraceState("Take", Optional.of(new SourceLocation("Lock", 7, 9, 8, 30)), TlaValueParser.parseState(
                    "/\\ owner = (cpu0 :> cpu0)\n/\\ big = -9007199254740991\n/\\ q = <<{1}, (\"#x\" :> 1)>>"))),
            0);

    @Test
    void writesTheDocumentedEncodingPrettyPrintedWithSortedKeys() {
        String expected = """
                {
                  "#meta": {
                    "format": "ITF",
                    "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html",
                    "source": "Lock.tla"
                  },
                  "vars": [
                    "big",
                    "owner",
                    "q"
                  ],
                  "states": [
                    {
                      "#meta": {
                        "action": "Initial predicate",
                        "index": 0
                      },
                      "big": {
                        "#bigint": "9007199254740992"
                      },
                      "owner": {
                        "#map": [
                          [
                            {
                              "#unserializable": "cpu0"
                            },
                            "none"
                          ]
                        ]
                      },
                      "q": []
                    },
                    {
                      "#meta": {
                        "action": "Take",
                        "index": 1,
                        "location": "line 7, col 9 to line 8, col 30 of module Lock"
                      },
                      "big": -9007199254740991,
                      "owner": {
                        "#map": [
                          [
                            {
                              "#unserializable": "cpu0"
                            },
                            {
                              "#unserializable": "cpu0"
                            }
                          ]
                        ]
                      },
                      "q": [
                        {
                          "#set": [
                            1
                          ]
                        },
                        {
                          "#map": [
                            [
                              "#x",
                              1
                            ]
                          ]
                        }
                      ]
                    }
                  ],
                  "loop": 0
                }
                """;
        assertEquals(expected, ItfWriter.write(LASSO, ImmutableMap.of("source", "Lock.tla")));
    }

    @Test
    void recordsBecomeJsonObjects() {
        Trace t = Trace.finite(ImmutableList.of(TraceState.initial(
                TlaValueParser.parseState("x = [TRUE |-> \"a\\\"b\", lock |-> {}]"))));
        String json = ItfWriter.write(t, ImmutableMap.of());
        assertTrue(json.contains("\"x\": {\n        \"TRUE\": \"a\\\"b\",\n        \"lock\": {\n"
                + "          \"#set\": []\n        }\n      }"), json);
    }

    @Test
    void stutteringIsALoopOnTheLastStateMarkedInMeta() {
        Trace t = Trace.stuttering(ImmutableList.of(TraceState.initial(TlaValueParser.parseState("x = 0")),
                new TraceState("Inc", Optional.empty(), TlaValueParser.parseState("x = 1"))));
        String json = ItfWriter.write(t, ImmutableMap.of());
        assertTrue(json.contains("\"stuttering\": true"), json);
        assertTrue(json.endsWith("\"loop\": 1\n}\n"), json);
    }

    @Test
    void rewritingGivesByteIdenticalOutput() {
        assertEquals(ItfWriter.write(LASSO, ImmutableMap.of("b", "2", "a", "1")),
                ItfWriter.write(LASSO, ImmutableMap.of("a", "1", "b", "2")));
    }

    @Test
    void metaKeysTheWriterOwnsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ItfWriter.write(LASSO, ImmutableMap.of("format", "x")));
    }
}

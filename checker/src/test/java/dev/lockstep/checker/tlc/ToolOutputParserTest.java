package dev.lockstep.checker.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tlc2.output.EC;

class ToolOutputParserTest {
    private final List<TlcMessage> messages = new ArrayList<>();
    private final List<String> unframed = new ArrayList<>();
    private final ToolOutputParser parser = new ToolOutputParser(messages::add, unframed::add);

    private void feed(String output) {
        output.lines().forEach(parser::line);
    }

    @Test
    void splitsFramedMessagesAndKeepsTheirMultiLineText() {
        feed("""
                @!@!@STARTMSG 2217:4 @!@!@
                2: <Incr line 5, col 9 to line 5, col 37 of module Counter>
                /\\ x = 1
                /\\ y = "a"

                @!@!@ENDMSG 2217 @!@!@
                """);
        assertEquals(List.of(new TlcMessage(EC.TLC_STATE_PRINT2, TlcMessage.STATE,
                "2: <Incr line 5, col 9 to line 5, col 37 of module Counter>\n/\\ x = 1\n/\\ y = \"a\"")), messages);
        assertTrue(unframed.isEmpty());
    }

    @Test
    void deliversANestedMessageStartingMidLineBeforeTheMessageAroundIt() {
        feed("""
                @!@!@STARTMSG 1000:1 @!@!@
                TLC threw an unexpected exception.
                The exception was a tlc2.tool.ConfigFileException
                : @!@!@STARTMSG 5001:0 @!@!@
                TLC encountered the following error when trying to read the configuration file C3.cfg:
                File not found.
                @!@!@ENDMSG 5001 @!@!@
                @!@!@ENDMSG 1000 @!@!@
                """);
        assertEquals(2, messages.size());
        assertEquals(EC.CFG_ERROR_READING_FILE, messages.get(0).code());
        assertEquals("TLC encountered the following error when trying to read the configuration file C3.cfg:\n"
                + "File not found.", messages.get(0).text());
        assertEquals(EC.GENERAL, messages.get(1).code());
        assertEquals(TlcMessage.ERROR, messages.get(1).kind());
        assertEquals("TLC threw an unexpected exception.\nThe exception was a tlc2.tool.ConfigFileException\n:",
                messages.get(1).text());
    }

    @Test
    void passesTextOutsideMessagesThroughAsUnframedLines() {
        feed("""
                @!@!@STARTMSG 2220:0 @!@!@
                Starting SANY...
                @!@!@ENDMSG 2220 @!@!@
                Parsing file /tmp/Broken.tla
                ***Parse Error***
                @!@!@STARTMSG 2219:0 @!@!@
                SANY finished.
                @!@!@ENDMSG 2219 @!@!@
                """);
        assertEquals(List.of("Parsing file /tmp/Broken.tla", "***Parse Error***"), unframed);
        assertEquals(List.of(EC.TLC_SANY_START, EC.TLC_SANY_END), messages.stream().map(TlcMessage::code).toList());
    }

    @Test
    void handlesStartAndEndOfAMessageOnOneLineWithPrintOutputAround() {
        feed("<<1, 2>>@!@!@STARTMSG 2218:4 @!@!@ 3: Stuttering @!@!@ENDMSG 2218 @!@!@ after");
        assertEquals(List.of(new TlcMessage(EC.TLC_STATE_PRINT3, TlcMessage.STATE, "3: Stuttering")), messages);
        assertEquals(List.of("<<1, 2>>", " after"), unframed);
    }

    @Test
    void deliversMessagesLeftOpenWhenTheOutputStopsMidMessage() {
        feed("""
                @!@!@STARTMSG 1001:1 @!@!@
                Java ran out of memory.
                """);
        assertTrue(parser.insideMessage());
        assertTrue(messages.isEmpty());
        parser.finish();
        assertFalse(parser.insideMessage());
        assertEquals(List.of(new TlcMessage(EC.SYSTEM_OUT_OF_MEMORY, TlcMessage.ERROR, "Java ran out of memory.")),
                messages);
    }

    @Test
    void ignoresAnEndMarkerWithoutAMatchingStart() {
        feed("""
                @!@!@ENDMSG 2185 @!@!@
                @!@!@STARTMSG 2185:0 @!@!@
                Starting...
                @!@!@ENDMSG 2185 @!@!@
                """);
        assertEquals(List.of(new TlcMessage(EC.TLC_STARTING, TlcMessage.INFO, "Starting...")), messages);
    }
}

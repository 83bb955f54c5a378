package dev.lockstep.refinement.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.itf.ItfWriter;
import dev.lockstep.checker.trace.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class CounterexampleFilesTest {
    @TempDir
    Path dir;

    private Path write(String relative, String content) throws IOException {
        Path f = dir.resolve("toy").resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    private static String itf(Trace t, String variant) {
        return ItfWriter.write(t, ImmutableMap.of("variant", variant));
    }

    @Test
    void listFindsTheItfFilesOfTheVariantFoldersInPathOrder() throws IOException {
        Path b = write("racy/Exclusive.itf.json", "{}");
        Path a = write("fixed/deadlock.itf.json", "{}");
        write("racy/Exclusive.txt", "");
        write("top.itf.json", "{}");
        write("racy/deeper/x.itf.json", "{}");
        assertEquals(List.of(a, b), CounterexampleFiles.list(dir.resolve("toy")));
        assertEquals(List.of(), CounterexampleFiles.list(dir.resolve("absent")));
    }

    @Test
    void variantComesFromTheFolderAndPropertyFromTheFileName() throws IOException {
        Counterexample cx = CounterexampleFiles.read(write("racy/Exclusive.itf.json",
                itf(ToyLock.checkThenSetRace(), "racy")));
        assertEquals("toy", cx.protocol());
        assertEquals("racy", cx.variant());
        assertEquals(new ViolatedProperty(ViolatedProperty.Kind.INVARIANT, "Exclusive"), cx.property());
        assertEquals(ToyLock.checkThenSetRace(), cx.trace());
        assertEquals(ViolatedProperty.Kind.DEADLOCK, CounterexampleFiles.read(write("racy/deadlock.itf.json",
                itf(ToyLock.checkThenSetRace(), "racy"))).property().kind());
        Trace lasso = Trace.lasso(ToyLock.checkThenSetRace().states(), 1);
        assertEquals(ViolatedProperty.Kind.TEMPORAL, CounterexampleFiles.read(write("racy/Live.itf.json",
                itf(lasso, "racy"))).property().kind());
    }

    @Test
    void corruptJsonIsOneLineNamingFileAndPosition() throws IOException {
        Path f = write("racy/Exclusive.itf.json", "{\n  \"vars\": [\"pc\",\n  oops\n}");
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFiles.read(f));
        assertTrue(e.getMessage().startsWith(f + ": ITF: invalid JSON at line 3, column "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aMetaVariantOtherThanTheFolderIsRefusedWithHostileTextEscaped() throws IOException {
        Path f = write("racy/Exclusive.itf.json", itf(ToyLock.checkThenSetRace(), "fixed\"); System.exit(1); //\n"));
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFiles.read(f));
        assertEquals(f + ": #meta.variant \"fixed\\u0022); System.exit(1); //\\u000a\" does not match the folder's"
                + " variant \"racy\"", e.getMessage());
    }

    @Test
    void aLoopingDeadlockIsRefused() throws IOException {
        Path f = write("racy/deadlock.itf.json", itf(Trace.lasso(ToyLock.checkThenSetRace().states(), 2), "racy"));
        CounterexampleFormatException e = assertThrows(CounterexampleFormatException.class,
                () -> CounterexampleFiles.read(f));
        assertEquals(f + ": a deadlock counterexample must be finite, this one loops back to state 3", e.getMessage());
    }

    @Test
    void theFactoryMakesOneTestPerFileAndACorruptFileFailsOnlyItsOwn() throws Throwable {
        write("racy/Exclusive.itf.json", itf(ToyLock.checkThenSetRace(), "racy"));
        Path bad = write("racy/Broken.itf.json", "{\"states\": [{\"pc\": {\"#set\": 7}}], \"vars\": [\"pc\"]}");
        List<String> seen = new ArrayList<>();
        List<DynamicTest> tests = CounterexampleTestFactory.each(dir.resolve("toy"), cx -> seen.add(cx.id())).toList();
        assertEquals(ImmutableList.of("\"racy/Broken\"", "\"racy/Exclusive\""),
                tests.stream().map(DynamicTest::getDisplayName).toList());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> tests.get(0).getExecutable().execute());
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        tests.get(1).getExecutable().execute();
        assertEquals(List.of("racy/Exclusive"), seen);
    }
}

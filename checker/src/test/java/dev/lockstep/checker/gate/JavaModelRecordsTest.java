package dev.lockstep.checker.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's records of the Java stages: each stage's part kept beside the other's, absent once an input changes. */
class JavaModelRecordsTest {
    private static final JavaModelRecords.Exploration EXPLORED = new JavaModelRecords.Exploration(10, 12, 20, 31, true);
    private static final JavaModelRecords.Replay REPLAYED = new JavaModelRecords.Replay("Inv", true,
            "reproduced step for step");

    @TempDir
    Path root;
    JavaModelRecords records;

    @BeforeEach
    void repository() throws IOException {
        Files.createDirectories(root.resolve("specs/toy"));
        Files.writeString(root.resolve("specs/toy/Toy.tla"), "---- MODULE Toy ----\n====\n");
        Files.writeString(root.resolve("specs/toy/README.md"), "notes\n");
        records = new JavaModelRecords(root);
    }

    @Test
    void eachStageKeepsTheOthersPart() {
        assertEquals(Optional.empty(), records.read("toy", "v1"));
        records.writeExploration("toy", "v1", EXPLORED);
        assertEquals(Optional.of(new JavaModelRecords.Variant(Optional.of(EXPLORED), Optional.empty())),
                records.read("toy", "v1"));
        records.writeReplays("toy", "v1", List.of(REPLAYED));
        records.writeExploration("toy", "v1", EXPLORED);
        assertEquals(Optional.of(new JavaModelRecords.Variant(Optional.of(EXPLORED),
                Optional.of(ImmutableList.of(REPLAYED)))), records.read("toy", "v1"));
        records.writeReplays("toy", "v2", List.of());
        assertEquals(Optional.of(new JavaModelRecords.Variant(Optional.empty(), Optional.of(ImmutableList.of()))),
                records.read("toy", "v2"));
        assertTrue(Files.isRegularFile(root.resolve("target/lockstep-java/toy/v1.json")));
    }

    @Test
    void aChangedSpecOrCounterexampleMakesTheRecordAbsentAndItsPartsAreNotCarriedOver() throws IOException {
        records.writeExploration("toy", "v1", EXPLORED);
        Files.writeString(root.resolve("specs/toy/README.md"), "other notes\n");
        assertTrue(records.read("toy", "v1").isPresent(), "a README is no input");
        Files.createDirectories(root.resolve("counterexamples/toy/v1"));
        Files.writeString(root.resolve("counterexamples/toy/v1/Inv.itf.json"), "{}");
        assertEquals(Optional.empty(), records.read("toy", "v1"));
        records.writeReplays("toy", "v1", List.of(REPLAYED));
        assertEquals(Optional.empty(), records.read("toy", "v1").orElseThrow().exploration());
    }

    @Test
    void anUnreadableRecordIsOneLineWithFileAndPosition() throws IOException {
        Path f = records.file("toy", "v1");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\n  \"inputs\": ");
        JavaModelRecords.UnreadableRecordException e = assertThrows(JavaModelRecords.UnreadableRecordException.class,
                () -> records.read("toy", "v1"));
        assertTrue(e.getMessage().startsWith("target/lockstep-java/toy/v1.json:2:"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        records.writeExploration("toy", "v1", EXPLORED);
        Files.writeString(f, Files.readString(f).replace("\"passed\" : true", "\"passed\" : 1"));
        e = assertThrows(JavaModelRecords.UnreadableRecordException.class, () -> records.read("toy", "v1"));
        assertEquals("target/lockstep-java/toy/v1.json: \"passed\" is not true or false", e.getMessage());
    }
}

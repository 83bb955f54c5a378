package dev.lockstep.checker.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesUtf8ContentAndCreatesMissingDirectories() throws IOException {
        Path target = dir.resolve("counterexamples/dax/upstream/NoReclaimWhileInUse.itf.json");
        AtomicFiles.write(target, "{\"σ\": 1}\n");
        assertEquals("{\"σ\": 1}\n", Files.readString(target, StandardCharsets.UTF_8));
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Path target = dir.resolve("trace.json");
        Files.writeString(target, "old content that is longer");
        AtomicFiles.write(target, "new");
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("trace.json"), names(dir));
    }

    @Test
    void newFilesAreWorldReadableAndReplacedFilesKeepTheirPermissions() throws IOException {
        Path fresh = dir.resolve("fresh.json");
        AtomicFiles.write(fresh, "1");
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(fresh));
        Path kept = dir.resolve("kept.json");
        Files.writeString(kept, "old");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.write(kept, "new");
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(kept));
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("occupied");
        Files.createDirectories(target.resolve("child"));
        try {
            AtomicFiles.write(target, "x");
        } catch (IOException expected) {
            assertEquals(List.of("occupied"), names(dir));
            assertEquals(List.of("child"), names(target));
            return;
        }
        throw new AssertionError("moving a file over a non-empty directory must fail");
    }
}

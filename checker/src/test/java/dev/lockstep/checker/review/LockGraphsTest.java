package dev.lockstep.checker.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's lock graphs appear in the review's index, linked and copied, with hostile names escaped. */
class LockGraphsTest {
    @Test
    void theGatesLockGraphsAreCopiedAndLinkedPerProtocolAndVariant(@TempDir Path dir) throws IOException {
        Path graphs = Files.createDirectories(dir.resolve("target/lockdep/toy"));
        Files.writeString(graphs.resolve("v<1>.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
        Files.writeString(graphs.resolve("v<1>.txt"), "WARNING: possible circular locking dependency detected\n");
        ReviewReportTest.writeToy(dir.resolve("out"), dir.resolve("specs"), ReviewReportTest.hostileTrace(2, false));
        String index = Files.readString(dir.resolve("out/index.html"));
        assertTrue(index.contains("<h2 id=\"lockdep\">Lock graphs</h2>"), index);
        assertTrue(index.contains("<a href=\"lockdep/toy/v&lt;1&gt;.svg\">v&lt;1&gt;</a>"), index);
        assertTrue(index.contains("<a href=\"lockdep/toy/v&lt;1&gt;.txt\">report</a>"), index);
        assertEquals(Files.readString(graphs.resolve("v<1>.svg")), Files.readString(dir.resolve("out/lockdep/toy/v<1>.svg")));
    }

    @Test
    void withoutTheGatesJavaStagesThereIsNoSection(@TempDir Path dir) throws IOException {
        ReviewReportTest.writeToy(dir.resolve("out"), dir.resolve("specs"), ReviewReportTest.hostileTrace(2, false));
        assertFalse(Files.readString(dir.resolve("out/index.html")).contains("Lock graphs"));
    }
}

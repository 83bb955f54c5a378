package dev.lockstep.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A signal to the checker while TLC runs kills TLC, deletes its metadir, and exits 128 + signal. */
class CheckSignalTest {
    @TempDir
    Path metadirParent;

    @ParameterizedTest(name = "SIG{0} -> exit {1}")
    @CsvSource({"TERM, 143", "INT, 130"})
    void killsTlcAndDeletesTheMetadirOnSignal(String signal, int expectedExit) throws Exception {
        Process checker = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "check", "bench/Odometer.tla",
                "--metadir-parent", metadirParent.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            ProcessHandle tlc = awaitTlc(checker);
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(checker.pid())).start();
            assertEquals(0, kill.waitFor());
            assertEquals(true, checker.waitFor(30, TimeUnit.SECONDS), "checker exits");
            assertEquals(expectedExit, checker.exitValue());
            assertFalse(tlc.isAlive(), "TLC was killed");
            assertEquals(List.of(), list(metadirParent), "metadir deleted");
        } finally {
            checker.destroyForcibly();
            checker.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Waits until the checker has started TLC and TLC has made its metadir. */
    private ProcessHandle awaitTlc(Process checker) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> tlc = checker.descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("tlc2.TLC")).findFirst();
            if (tlc.isPresent() && !list(metadirParent).isEmpty()) {
                // Give TLC time to get going, so the signal arrives mid-run.
                Thread.sleep(1000);
                return tlc.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("checker did not start TLC within 30 s");
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}

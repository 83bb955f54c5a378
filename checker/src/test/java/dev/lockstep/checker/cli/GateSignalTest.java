package dev.lockstep.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a gate whose models run in warm TLC workers leaves no process and no folder behind. */
class GateSignalTest {
    @TempDir
    Path root;

    @TempDir
    Path tmp;

    @Test
    void sigintKillsTheWorkersAndDeletesEveryFolder() throws Exception {
        Path specs = Path.of("../specs/syncfs");
        Files.createDirectories(root.resolve("specs/syncfs"));
        try (Stream<Path> files = Files.list(specs)) {
            for (Path f : files.toList()) {
                Files.copy(f, root.resolve("specs/syncfs").resolve(f.getFileName()));
            }
        }
        Process gate = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "gate",
                "--root", root.toString(), "--no-cache", "--skip-stages"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<ProcessHandle> workers = awaitWorkers(gate);
            Thread.sleep(1000);
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(gate.pid())).start().waitFor());
            assertTrue(gate.waitFor(60, TimeUnit.SECONDS), "the gate exits");
            assertEquals(130, gate.exitValue());
            for (ProcessHandle worker : workers) {
                assertTrue(worker.onExit().get(10, TimeUnit.SECONDS) != null && !worker.isAlive(),
                        "worker " + worker.pid() + " was killed");
            }
            // Every worker and TLC JVM of the gate names its folder under tmp on its command line.
            assertEquals(List.of(), ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(tmp.toString())).toList(),
                    "no process of the gate is left");
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.toList(), "the gate's folders were deleted");
            }
        } finally {
            gate.destroyForcibly();
            gate.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The gate's TLC worker JVMs, once it has started one. */
    private static List<ProcessHandle> awaitWorkers(Process gate) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> workers = gate.descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("TlcWorkerMain")).toList();
            if (!workers.isEmpty()) {
                return workers;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the gate started no TLC worker within 60 s");
    }
}

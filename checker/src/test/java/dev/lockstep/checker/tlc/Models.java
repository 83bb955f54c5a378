package dev.lockstep.checker.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The small test models under src/test/resources/models/NAME/ (one .tla root module and its .cfg each). */
final class Models {
    static final Path ROOT = Path.of("src/test/resources/models");
    /** About 2.5 million distinct states: long enough to time out, interrupt, or run out of a small heap. */
    static final Path BIG = Path.of("bench/Odometer.tla");

    private Models() {}

    static Path spec(String name) {
        try (Stream<Path> files = Files.list(ROOT.resolve(name))) {
            return files.filter(p -> p.toString().endsWith(".tla")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no .tla in model folder " + name));
        } catch (IOException e) {
            throw new IllegalArgumentException("no model folder " + name, e);
        }
    }

    static Path config(Path spec) {
        return spec.resolveSibling(spec.getFileName().toString().replaceFirst("\\.tla$", ".cfg"));
    }

    static boolean isEmptyFolder(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Processes this JVM started that are still alive (TLC children that escaped clean-up). */
    static long liveChildren() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
    }
}

package dev.lockstep.refinement.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Turns every counterexample file of a protocol into a JUnit dynamic test, listed when the tests run: adding a file
 * adds a test, and no code is generated from a file, so nothing in one can inject any. A file that cannot be read
 * fails its own test with the reader's one-line message (file and position); the other files' tests still run.
 */
public final class CounterexampleTestFactory {
    private CounterexampleTestFactory() {}

    /** One test per {@code <variant>/<property>.itf.json} under {@code protocolDir}, named {@code variant/property}. */
    public static Stream<DynamicTest> each(Path protocolDir, ThrowingConsumer<Counterexample> test) {
        assertTrue(Files.isDirectory(protocolDir), () -> "no counterexample folder " + protocolDir);
        return CounterexampleFiles.list(protocolDir).stream().map(file -> DynamicTest.dynamicTest(
                displayName(protocolDir, file), file.toUri(), () -> {
                    Counterexample cx;
                    try {
                        cx = CounterexampleFiles.read(file);
                    } catch (CounterexampleFormatException e) {
                        fail(e.getMessage());
                        return;
                    }
                    test.accept(cx);
                }));
    }

    private static String displayName(Path protocolDir, Path file) {
        String relative = protocolDir.relativize(file).toString().replace('\\', '/');
        return CounterexampleFiles.quote(relative.substring(0, relative.length() - CounterexampleFiles.SUFFIX.length()));
    }
}

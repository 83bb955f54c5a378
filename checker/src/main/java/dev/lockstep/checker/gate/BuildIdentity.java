package dev.lockstep.checker.gate;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A hash of the bytes of some class path entries (a jar, or every file under a folder): what the stored results the
 * gate reuses ({@link ResultCache}, {@link JavaModelRecords}) were made with, so that a rebuild makes them miss.
 */
final class BuildIdentity {
    private BuildIdentity() {}

    static String of(List<Path> entries) {
        Hasher h = Hashing.sha256().newHasher();
        for (Path where : entries) {
            try (Stream<Path> files = Files.isDirectory(where) ? Files.walk(where) : Stream.of(where)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    h.putString(where.relativize(f).toString(), UTF_8).putBytes(Files.readAllBytes(f));
                }
            } catch (IOException | RuntimeException e) {
                // Without a build identity nothing stored can be trusted: a fresh random one makes every lookup miss.
                h.putLong(System.nanoTime());
            }
        }
        return h.hash().toString();
    }
}

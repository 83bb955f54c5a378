package dev.lockstep.checker.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing temporary folders (TLC metadirs, model copies) completely, also while another thread removes them. */
public final class FileTrees {
    private static final int ATTEMPTS = 10;

    private FileTrees() {}

    /**
     * Deletes a folder and everything in it; a folder already gone is fine. On a signal a shutdown hook and a run's
     * own clean-up delete the same tree at once, so each walk can trip over files the other removed: walk again until
     * the folder is gone rather than give up half-way.
     */
    public static void delete(Path root) {
        IOException failure = null;
        for (int attempt = 0; attempt < ATTEMPTS && Files.exists(root, LinkOption.NOFOLLOW_LINKS); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            } catch (NoSuchFileException | DirectoryNotEmptyException raced) {
                failure = raced;
            } catch (UncheckedIOException e) {
                failure = e.getCause();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new UncheckedIOException("cannot delete " + root,
                    failure != null ? failure : new IOException("still there after " + ATTEMPTS + " attempts"));
        }
    }
}

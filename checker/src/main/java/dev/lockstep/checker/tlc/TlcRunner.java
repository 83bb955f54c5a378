package dev.lockstep.checker.tlc;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.io.FileTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs TLC on one model in its own JVM and reports what it found.
 *
 * <p>Each run gets a fresh metadir (TLC fails when two runs share one), deleted afterwards. TLC's output is read as
 * it comes, progress is passed to the listener, counterexample states are parsed into values. The TLC process
 * tree is killed on timeout, when TLC reports it ran out of memory (it can hang afterwards), and when this JVM shuts
 * down (SIGINT, SIGTERM), so no TLC process outlives its run. Nothing is printed and nothing exits: the result
 * says everything.
 */
public final class TlcRunner {
    /** At most this many characters of TLC's output are kept in {@link TlcResult#rawOutput()}. */
    public static final int RAW_OUTPUT_LIMIT = 4 << 20;

    private static final Set<ActiveRun> ACTIVE = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lockstep-tlc-timeout");
        t.setDaemon(true);
        return t;
    });
    private static boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TlcRunner::stopAll, "lockstep-tlc-cleanup"));
    }

    private TlcRunner() {}

    /** One TLC process in flight, as the shutdown hook and the watchdog see it. */
    static final class ActiveRun {
        final Process process;
        final Path metadir;
        volatile RunTranscript.Ending ending = RunTranscript.Ending.EXITED;

        ActiveRun(Process process, Path metadir) {
            this.process = process;
            this.metadir = metadir;
        }

        void stop(RunTranscript.Ending why) {
            if (ending == RunTranscript.Ending.EXITED) {
                ending = why;
            }
            destroyTree(process);
        }
    }

    public static TlcResult run(TlcOptions options, ProgressListener listener) {
        Optional<TlcResult> unusable = unusable(options);
        if (unusable.isPresent()) {
            return unusable.get();
        }
        Path metadir;
        try {
            metadir = createMetadir(options);
        } catch (IOException | UnsupportedOperationException e) {
            return cannotCreateMetadir(options, e);
        }
        try {
            return runIn(options, listener, metadir);
        } finally {
            FileTrees.delete(metadir);
        }
    }

    /** A rejection when the spec, config or working folder does not exist. */
    static Optional<TlcResult> unusable(TlcOptions options) {
        if (!Files.isRegularFile(options.spec()) || !options.spec().getFileName().toString().endsWith(".tla")) {
            return Optional.of(TlcResult.rejected(Verdict.USAGE_ERROR, options.spec() + ": no such .tla file"));
        }
        if (!Files.isRegularFile(options.effectiveConfig())) {
            return Optional.of(TlcResult.rejected(Verdict.CONFIG_ERROR,
                    options.effectiveConfig() + ": no such config file"));
        }
        if (!Files.isDirectory(options.workingDirectory())) {
            return Optional.of(TlcResult.rejected(Verdict.USAGE_ERROR,
                    options.workingDirectory() + ": no such folder"));
        }
        return Optional.empty();
    }

    static Path createMetadir(TlcOptions options) throws IOException {
        return Files.createTempDirectory(options.metadirParent(), "lockstep-tlc-");
    }

    static TlcResult cannotCreateMetadir(TlcOptions options, Exception e) {
        return TlcResult.rejected(Verdict.USAGE_ERROR,
                options.metadirParent() + ": cannot create TLC's metadir: " + e.getMessage());
    }

    /**
     * Registers a running TLC process (or worker JVM), so that a shutdown of this JVM kills it and deletes
     * {@code folder}; empty when the checker is already shutting down.
     */
    static Optional<ActiveRun> register(Process process, Path folder) {
        synchronized (ACTIVE) {
            if (shuttingDown) {
                return Optional.empty();
            }
            ActiveRun run = new ActiveRun(process, folder);
            ACTIVE.add(run);
            return Optional.of(run);
        }
    }

    static void unregister(ActiveRun run) {
        ACTIVE.remove(run);
    }

    static boolean shuttingDown() {
        synchronized (ACTIVE) {
            return shuttingDown;
        }
    }

    /** Stops {@code run} with {@code why} after {@code options}' timeout, if it has one. */
    static Optional<ScheduledFuture<?>> watchdog(TlcOptions options, ActiveRun run) {
        return options.timeout().map(t -> WATCHDOG.schedule(
                () -> run.stop(RunTranscript.Ending.TIMED_OUT), t.toNanos(), TimeUnit.NANOSECONDS));
    }

    private static TlcResult runIn(TlcOptions options, ProgressListener listener, Path metadir) {
        ProcessBuilder builder = new ProcessBuilder(command(options, metadir))
                .directory(options.workingDirectory().toFile()).redirectErrorStream(true);
        long start = System.nanoTime();
        ActiveRun run;
        synchronized (ACTIVE) {
            if (shuttingDown) {
                return TlcResult.rejected(Verdict.INTERRUPTED, "the checker is shutting down");
            }
            try {
                run = register(builder.start(), metadir).orElseThrow();
            } catch (IOException e) {
                return TlcResult.rejected(Verdict.TLC_CRASH, "cannot start TLC: " + e.getMessage());
            }
        }
        Optional<ScheduledFuture<?>> timer = watchdog(options, run);
        try {
            Reading reading = new Reading(options, listener, () -> run.stop(RunTranscript.Ending.EXITED));
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(run.process.getInputStream(), Charset.defaultCharset()))) {
                String line;
                while ((line = out.readLine()) != null) {
                    reading.line(line);
                }
            } catch (IOException e) {
                reading.broken(e);
            }
            int exitCode = waitForExit(run);
            return reading.result(exitCode, run.ending, (System.nanoTime() - start) / 1e9);
        } finally {
            timer.ifPresent(t -> t.cancel(false));
            destroyTree(run.process);
            unregister(run);
        }
    }

    /** TLC's output of one run as it is read: kept raw (up to a limit) and parsed into a transcript. */
    static final class Reading {
        private final RunTranscript transcript;
        private final ToolOutputParser parser;
        private final StringBuilder raw = new StringBuilder();

        Reading(TlcOptions options, ProgressListener listener, Runnable onFatal) {
            transcript = new RunTranscript(options, listener, onFatal);
            parser = new ToolOutputParser(transcript::message, transcript::unframed);
        }

        void line(String line) {
            if (raw.length() < RAW_OUTPUT_LIMIT) {
                raw.append(line, 0, Math.min(line.length(), RAW_OUTPUT_LIMIT - raw.length())).append('\n');
            }
            parser.line(line);
        }

        /** The pipe broke because the process was killed; what was read so far still counts. */
        void broken(IOException e) {
            raw.append("[output ended: ").append(e.getMessage()).append("]\n");
        }

        TlcResult result(int exitCode, RunTranscript.Ending ending, double seconds) {
            parser.finish();
            return transcript.result(exitCode, ending, seconds, raw.toString());
        }
    }

    private static int waitForExit(ActiveRun run) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return run.process.waitFor();
                } catch (InterruptedException e) {
                    // The caller's thread was interrupted: stop TLC, wait for it, then restore the flag.
                    interrupted = true;
                    run.stop(RunTranscript.Ending.INTERRUPTED);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static ImmutableList<String> command(TlcOptions options, Path metadir) {
        List<String> cmd = new ArrayList<>(javaCommand(options.tlcHeap()));
        // TLC extracts its standard modules into java.io.tmpdir; a shared /tmp lets concurrent runs read each
        // other's half-written copies (seen as SANY NullPointerExceptions), so each run gets its own.
        cmd.add("-Djava.io.tmpdir=" + metadir.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(tlaToolsJar().toString());
        cmd.add("tlc2.TLC");
        cmd.addAll(tlcArgs(options, metadir));
        return ImmutableList.copyOf(cmd);
    }

    /** {@code java} with the JVM options every TLC JVM gets (heap, the GC TLC asks for). */
    static ImmutableList<String> javaCommand(Optional<String> tlcHeap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        tlcHeap.ifPresent(heap -> cmd.add("-Xmx" + heap));
        cmd.add("-XX:+UseParallelGC");
        return ImmutableList.copyOf(cmd);
    }

    /** The arguments of {@code tlc2.TLC} for a run of {@code options} with {@code metadir}. */
    static ImmutableList<String> tlcArgs(TlcOptions options, Path metadir) {
        List<String> cmd = new ArrayList<>();
        cmd.add("-tool");
        cmd.add("-metadir");
        cmd.add(metadir.toAbsolutePath().toString());
        cmd.add("-config");
        cmd.add(options.effectiveConfig().toAbsolutePath().toString());
        cmd.add("-workers");
        cmd.add(Integer.toString(options.workers()));
        cmd.addAll(options.extraTlcArgs());
        cmd.add(options.spec().toAbsolutePath().toString());
        return ImmutableList.copyOf(cmd);
    }

    /** The jar (or class folder) {@code tlc2.TLC} is loaded from, found on this JVM's own class path. */
    public static Path tlaToolsJar() {
        CodeSource source = tlc2.TLC.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalStateException("cannot tell where tlc2.TLC was loaded from");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unusable location of tlc2.TLC: " + source.getLocation(), e);
        }
    }

    /** Kills a process and everything it started; returns once they are gone (or after 10 s). */
    static void destroyTree(Process process) {
        List<ProcessHandle> all = new ArrayList<>();
        try (Stream<ProcessHandle> descendants = process.descendants()) {
            descendants.forEach(all::add);
        }
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // Not gone within the wait: nothing more to do than SIGKILL, which was sent.
            }
        }
    }

    private static void stopAll() {
        synchronized (ACTIVE) {
            shuttingDown = true;
        }
        for (ActiveRun run : ACTIVE) {
            run.stop(RunTranscript.Ending.INTERRUPTED);
            FileTrees.delete(run.metadir);
        }
    }
}

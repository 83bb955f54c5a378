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
    private static final class ActiveRun {
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
        if (!Files.isRegularFile(options.spec()) || !options.spec().getFileName().toString().endsWith(".tla")) {
            return TlcResult.rejected(Verdict.USAGE_ERROR, options.spec() + ": no such .tla file");
        }
        if (!Files.isRegularFile(options.effectiveConfig())) {
            return TlcResult.rejected(Verdict.CONFIG_ERROR, options.effectiveConfig() + ": no such config file");
        }
        if (!Files.isDirectory(options.workingDirectory())) {
            return TlcResult.rejected(Verdict.USAGE_ERROR, options.workingDirectory() + ": no such folder");
        }
        Path metadir;
        try {
            metadir = Files.createTempDirectory(options.metadirParent(), "lockstep-tlc-");
        } catch (IOException | UnsupportedOperationException e) {
            return TlcResult.rejected(Verdict.USAGE_ERROR,
                    options.metadirParent() + ": cannot create TLC's metadir: " + e.getMessage());
        }
        try {
            return runIn(options, listener, metadir);
        } finally {
            FileTrees.delete(metadir);
        }
    }

    private static TlcResult runIn(TlcOptions options, ProgressListener listener, Path metadir) {
        ProcessBuilder builder = new ProcessBuilder(command(options, metadir))
                .directory(options.workingDirectory().toFile()).redirectErrorStream(true);
        ActiveRun run;
        long start = System.nanoTime();
        synchronized (ACTIVE) {
            if (shuttingDown) {
                return TlcResult.rejected(Verdict.INTERRUPTED, "the checker is shutting down");
            }
            try {
                run = new ActiveRun(builder.start(), metadir);
            } catch (IOException e) {
                return TlcResult.rejected(Verdict.TLC_CRASH, "cannot start TLC: " + e.getMessage());
            }
            ACTIVE.add(run);
        }
        ScheduledFuture<?> timer = options.timeout().map(t -> WATCHDOG.schedule(
                () -> run.stop(RunTranscript.Ending.TIMED_OUT), t.toNanos(), TimeUnit.NANOSECONDS)).orElse(null);
        try {
            RunTranscript transcript = new RunTranscript(options, listener,
                    () -> run.stop(RunTranscript.Ending.EXITED));
            ToolOutputParser parser = new ToolOutputParser(transcript::message, transcript::unframed);
            StringBuilder raw = new StringBuilder();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(run.process.getInputStream(), Charset.defaultCharset()))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (raw.length() < RAW_OUTPUT_LIMIT) {
                        raw.append(line, 0, Math.min(line.length(), RAW_OUTPUT_LIMIT - raw.length())).append('\n');
                    }
                    parser.line(line);
                }
            } catch (IOException e) {
                // The pipe broke because the process was killed; what was read so far still counts.
                raw.append("[output ended: ").append(e.getMessage()).append("]\n");
            }
            parser.finish();
            int exitCode = waitForExit(run);
            double seconds = (System.nanoTime() - start) / 1e9;
            return transcript.result(exitCode, run.ending, seconds, raw.toString());
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
            destroyTree(run.process);
            ACTIVE.remove(run);
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
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        options.tlcHeap().ifPresent(heap -> cmd.add("-Xmx" + heap));
        cmd.add("-XX:+UseParallelGC");
        // TLC extracts its standard modules into java.io.tmpdir; a shared /tmp lets concurrent runs read each
        // other's half-written copies (seen as SANY NullPointerExceptions), so each run gets its own.
        cmd.add("-Djava.io.tmpdir=" + metadir.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(tlaToolsJar().toString());
        cmd.add("tlc2.TLC");
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

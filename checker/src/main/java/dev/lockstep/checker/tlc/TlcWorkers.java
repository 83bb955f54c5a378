package dev.lockstep.checker.tlc;

import dev.lockstep.checker.io.FileTrees;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs TLC models in long-lived worker JVMs ({@link TlcWorkerMain}), one model after another, instead of a JVM per
 * model: same results as {@link TlcRunner#run}, without a JVM start per model.
 *
 * <p>A worker is taken by one run at a time; there are as many workers as runs at once. A worker that crashes, hangs
 * past the run's timeout, runs out of memory, or makes TLC report a crash, is killed and the model re-run once in a
 * fresh JVM ({@link TlcRunner#run}), with the reason passed to {@code notices}. After {@link #RUNS_PER_WORKER} models a
 * worker is replaced, which bounds what the discarded class loaders of its runs leave behind. Workers are killed with
 * their metadirs when this JVM shuts down (SIGINT, SIGTERM), as TLC processes are; {@link #close} ends them.
 *
 * <p>Runs must name their files by absolute path (a worker's working directory is the one it was started in), as
 * {@link TlcOptions} built by the gate do.
 */
public final class TlcWorkers implements AutoCloseable {
    /** Models a worker checks before it is replaced. */
    static final int RUNS_PER_WORKER = 40;

    private final Path scratch;
    private final Consumer<String> notices;
    private final List<Worker> idle = new ArrayList<>();
    private final List<Worker> all = new ArrayList<>();
    private boolean closed;

    /**
     * @param scratch where each worker gets a temporary folder (its {@code java.io.tmpdir}), deleted with it
     * @param notices told why a model is re-run in a fresh JVM
     */
    public TlcWorkers(Path scratch, Consumer<String> notices) {
        this.scratch = scratch;
        this.notices = notices;
    }

    /** Checks one model in a warm worker; the result is the one {@link TlcRunner#run} would give. */
    public TlcResult run(TlcOptions options, ProgressListener listener) {
        Optional<TlcResult> unusable = TlcRunner.unusable(options);
        if (unusable.isPresent()) {
            return unusable.get();
        }
        Worker worker;
        try {
            worker = take(options.tlcHeap());
        } catch (IOException e) {
            notices.accept(options.spec() + ": cannot start a TLC worker (" + e.getMessage()
                    + "); checking it in a fresh JVM");
            return TlcRunner.run(options, listener);
        }
        if (worker == null) {
            return TlcResult.rejected(Verdict.INTERRUPTED, "the checker is shutting down");
        }
        Path metadir;
        try {
            metadir = TlcRunner.createMetadir(options);
        } catch (IOException | UnsupportedOperationException e) {
            give(worker);
            return TlcRunner.cannotCreateMetadir(options, e);
        }
        Attempt attempt;
        try {
            attempt = worker.check(options, listener, metadir);
        } finally {
            FileTrees.delete(metadir);
        }
        if (attempt.failure.isEmpty()) {
            if (attempt.retire || worker.runs >= RUNS_PER_WORKER) {
                retire(worker);
            } else {
                give(worker);
            }
            return attempt.result;
        }
        retire(worker);
        if (attempt.result != null) {
            return attempt.result;
        }
        notices.accept("TLC worker " + worker.pid() + " " + attempt.failure.get() + " on " + options.spec()
                + "; re-running it in a fresh JVM");
        return TlcRunner.run(options, listener);
    }

    /** The process ids of the live workers (for tests). */
    synchronized List<Long> pids() {
        return all.stream().filter(w -> w.process.isAlive()).map(Worker::pid).toList();
    }

    private Worker take(Optional<String> heap) throws IOException {
        synchronized (this) {
            if (closed) {
                return null;
            }
            for (Worker w : idle) {
                if (w.heap.equals(heap)) {
                    idle.remove(w);
                    return w;
                }
            }
        }
        Worker w = Worker.start(heap, scratch);
        synchronized (this) {
            if (w == null || closed) {
                if (w != null) {
                    w.kill();
                }
                return null;
            }
            all.add(w);
            return w;
        }
    }

    private synchronized void give(Worker worker) {
        if (closed) {
            worker.kill();
        } else {
            idle.add(worker);
        }
    }

    private void retire(Worker worker) {
        synchronized (this) {
            all.remove(worker);
            idle.remove(worker);
        }
        worker.kill();
    }

    /** Ends every worker and deletes their folders. */
    @Override
    public void close() {
        List<Worker> workers;
        synchronized (this) {
            closed = true;
            workers = List.copyOf(all);
            all.clear();
            idle.clear();
        }
        workers.forEach(Worker::kill);
    }

    /**
     * How a run in a worker went: a result, or why it cannot be trusted (the worker died, hung or ran out of memory).
     * A result with a failure is final all the same (the run was interrupted from outside).
     */
    private record Attempt(TlcResult result, Optional<String> failure, boolean retire) {
        static Attempt failed(String why) {
            return new Attempt(null, Optional.of(why), true);
        }
    }

    /** One worker JVM, as the pool sees it. */
    private static final class Worker {
        private static final SecureRandom RANDOM = new SecureRandom();

        final Process process;
        final TlcRunner.ActiveRun registration;
        final Optional<String> heap;
        final Path folder;
        final String token;
        final DataOutputStream requests;
        final BufferedReader output;
        int runs;

        private Worker(Process process, TlcRunner.ActiveRun registration, Optional<String> heap, Path folder,
                String token) {
            this.process = process;
            this.registration = registration;
            this.heap = heap;
            this.folder = folder;
            this.token = token;
            this.requests = new DataOutputStream(process.getOutputStream());
            this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), Charset.defaultCharset()));
        }

        /** A new worker; null when the checker is shutting down. */
        static Worker start(Optional<String> heap, Path scratch) throws IOException {
            Path folder = Files.createTempDirectory(scratch, "lockstep-worker-");
            byte[] secret = new byte[12];
            RANDOM.nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            List<String> cmd = new ArrayList<>(TlcRunner.javaCommand(heap));
            // C1 only: each model's TLC classes are new to the JIT, and C2 compiling them again for every model was the
            // largest per-run cost measured on the gate's models (which check in seconds, where C2 does not pay off).
            cmd.add("-XX:TieredStopAtLevel=1");
            // TlcWorkerMain releases what RMI keeps of a run (its object table, its cache of remote methods).
            cmd.add("--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED");
            cmd.add("--add-opens=java.rmi/sun.rmi.server=ALL-UNNAMED");
            cmd.add("-Djava.io.tmpdir=" + folder.toAbsolutePath());
            cmd.add("-cp");
            cmd.add(workerClassPath().toString());
            cmd.add(TlcWorkerMain.class.getName());
            cmd.add(TlcRunner.tlaToolsJar().toString());
            cmd.add(token);
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(folder.toFile()).redirectErrorStream(true);
            if (TlcRunner.shuttingDown()) {
                FileTrees.delete(folder);
                return null;
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                FileTrees.delete(folder);
                throw e;
            }
            Optional<TlcRunner.ActiveRun> registration = TlcRunner.register(process, folder);
            if (registration.isEmpty()) {
                // The checker began shutting down after the start: its clean-up did not see this worker.
                TlcRunner.destroyTree(process);
                FileTrees.delete(folder);
                return null;
            }
            return new Worker(process, registration.get(), heap, folder, token);
        }

        long pid() {
            return process.pid();
        }

        Attempt check(TlcOptions options, ProgressListener listener, Path metadir) {
            runs++;
            long start = System.nanoTime();
            Optional<TlcRunner.ActiveRun> registered = TlcRunner.register(process, metadir);
            if (registered.isEmpty()) {
                return new Attempt(TlcResult.rejected(Verdict.INTERRUPTED, "the checker is shutting down"),
                        Optional.of("was stopped"), true);
            }
            TlcRunner.ActiveRun run = registered.get();
            boolean[] fatal = {false};
            Optional<ScheduledFuture<?>> timer = TlcRunner.watchdog(options, run);
            try {
                TlcRunner.Reading reading = new TlcRunner.Reading(options, listener, () -> {
                    fatal[0] = true;
                    run.stop(RunTranscript.Ending.EXITED);
                });
                String end = TlcWorkerMain.END + " " + token + " ";
                String last = null;
                try {
                    List<String> args = TlcRunner.tlcArgs(options, metadir);
                    requests.writeInt(args.size());
                    for (String arg : args) {
                        requests.writeUTF(arg);
                    }
                    // As TlcRunner's JVMs: TLC extracts its standard modules into the run's own folder.
                    requests.writeUTF(metadir.toAbsolutePath().toString());
                    requests.flush();
                    String line;
                    while ((line = output.readLine()) != null && !line.startsWith(end)) {
                        reading.line(line);
                    }
                    last = line;
                } catch (IOException e) {
                    reading.broken(e);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (run.ending == RunTranscript.Ending.INTERRUPTED || TlcRunner.shuttingDown()) {
                    return new Attempt(reading.result(-1, RunTranscript.Ending.INTERRUPTED, seconds),
                            Optional.of("was stopped"), true);
                }
                if (last == null) {
                    return Attempt.failed(run.ending == RunTranscript.Ending.TIMED_OUT
                            ? "timed out after " + options.timeout().map(TlcWorkers::duration).orElse("?")
                            : fatal[0] ? "ran out of memory" : "died (" + exitStatus() + ")");
                }
                String[] fields = last.substring(end.length()).split(" ");
                TlcResult result = reading.result(Integer.parseInt(fields[0]), RunTranscript.Ending.EXITED, seconds);
                if (result.verdict() == Verdict.TLC_CRASH || result.verdict() == Verdict.OUT_OF_MEMORY
                        || result.verdict() == Verdict.TIMEOUT) {
                    return Attempt.failed("reported: " + result.describe());
                }
                return new Attempt(result, Optional.empty(), fields.length > 1 && fields[1].equals("retire"));
            } finally {
                timer.ifPresent(t -> t.cancel(false));
                TlcRunner.unregister(run);
            }
        }

        private String exitStatus() {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? "exit " + process.exitValue() : "no exit status";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "no exit status";
            }
        }

        /** Ends the worker (and anything it started), then deletes its folder. */
        void kill() {
            TlcRunner.destroyTree(process);
            TlcRunner.unregister(registration);
            FileTrees.delete(folder);
        }

        /** The jar or class folder this class comes from: the worker's whole class path (TLC is loaded per run). */
        private static Path workerClassPath() {
            try {
                return Path.of(TlcWorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException | RuntimeException e) {
                throw new IllegalStateException("cannot tell where " + TlcWorkerMain.class.getName() + " is", e);
            }
        }
    }

    private static String duration(java.time.Duration d) {
        return String.format(Locale.ROOT, "%d s", d.toSeconds());
    }
}

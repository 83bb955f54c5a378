package dev.lockstep.checker.gate;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.io.FileTrees;
import dev.lockstep.checker.tlc.ProgressListener;
import dev.lockstep.checker.tlc.TlcOptions;
import dev.lockstep.checker.tlc.TlcResult;
import dev.lockstep.checker.tlc.TlcRunner;
import dev.lockstep.checker.tlc.TlcWorkers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs every model under {@code specs/} against its declared expectations: the build fails when a property that
 * must hold is violated, when a violation that must be found is not, or when a model cannot be checked.
 */
public final class Gate {
    /**
     * TLC options every gate run uses, so that a rerun finds the same trace: a fixed fingerprint polynomial, and
     * liveness checked once on the whole graph (by default TLC checks it every so many seconds of wall time, so which
     * lasso it reports depends on the machine's speed).
     */
    private static final ImmutableList<String> TLC_ARGS = ImmutableList.of("-fp", "1", "-lncheck", "final");

    private final Duration timeoutPerRun;
    private final Optional<ResultCache> cache;
    private final boolean freshJvmPerRun;
    private final Consumer<String> notices;

    public Gate(Duration timeoutPerRun) {
        this(timeoutPerRun, Optional.empty());
    }

    /** With a cache, a run whose inputs are unchanged reuses its stored result instead of running TLC. */
    public Gate(Duration timeoutPerRun, Optional<ResultCache> cache) {
        this(timeoutPerRun, cache, false, notice -> System.err.println("lockstep: " + notice));
    }

    /**
     * @param freshJvmPerRun run each model in a JVM of its own ({@link TlcRunner}) instead of in warm worker JVMs
     *     ({@link TlcWorkers}); both give the same results, the workers without a JVM start per model
     * @param notices told when a worker failed and its model is re-run in a fresh JVM, and why
     */
    public Gate(Duration timeoutPerRun, Optional<ResultCache> cache, boolean freshJvmPerRun,
            Consumer<String> notices) {
        this.timeoutPerRun = timeoutPerRun;
        this.cache = cache;
        this.freshJvmPerRun = freshJvmPerRun;
        this.notices = notices;
    }

    /** Every protocol folder under {@code specsRoot} that has an expectations file, by folder name. */
    public static ImmutableList<ProtocolModels> discover(Path specsRoot) {
        try (Stream<Path> folders = Files.list(specsRoot)) {
            return folders
                    .filter(f -> Files.isRegularFile(f.resolve(ProtocolModels.EXPECTATIONS_FILE)))
                    .sorted()
                    .map(ProtocolModels::load)
                    .collect(ImmutableList.toImmutableList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + specsRoot + ": " + e.getMessage(), e);
        }
    }

    /**
     * The protocols named {@code names}, in that order (all of them when none is named).
     *
     * @throws IllegalArgumentException naming an unknown protocol and the known ones
     */
    public static ImmutableList<ProtocolModels> select(ImmutableList<ProtocolModels> all, List<String> names) {
        if (names.isEmpty()) {
            return all;
        }
        ImmutableList.Builder<ProtocolModels> out = ImmutableList.builder();
        for (String name : names) {
            out.add(all.stream().filter(m -> m.protocol().equals(name)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no protocol named '" + name + "' (protocols: "
                            + all.stream().map(ProtocolModels::protocol).collect(Collectors.joining(", ")) + ")")));
        }
        return out.build();
    }

    /**
     * The runs of one model, {@code protocol/variant}: every check of that variant against its expectations.
     *
     * @throws IllegalArgumentException naming an unknown protocol or variant and the known ones
     */
    public static ImmutableList<ModelRun> runsOf(Path specsRoot, String model) {
        int slash = model.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + model + "' is not PROTOCOL/VARIANT");
        }
        ProtocolModels models = select(discover(specsRoot), List.of(model.substring(0, slash))).get(0);
        String variant = model.substring(slash + 1);
        if (!models.variants().contains(variant)) {
            throw new IllegalArgumentException("no variant '" + variant + "' in " + models.folder().resolve(
                    ProtocolModels.EXPECTATIONS_FILE) + " (variants: " + String.join(", ", models.variants()) + ")");
        }
        return ModelRun.plan(models).stream().filter(r -> r.variant().equals(variant))
                .collect(ImmutableList.toImmutableList());
    }

    /**
     * The result an earlier gate stored for {@code run} with exactly today's inputs, without running TLC; empty without
     * a cache or when the inputs changed since.
     */
    public Optional<ModelRunResult> cached(ModelRun run) throws IOException {
        if (cache.isEmpty()) {
            return Optional.empty();
        }
        Path dir = Files.createTempDirectory("lockstep-cached-");
        try {
            CheckModule.prepare(run, dir);
            return cache.get().get(ResultCache.key(dir, TLC_ARGS)).map(r -> new ModelRunResult(run, r, true));
        } finally {
            FileTrees.delete(dir);
        }
    }

    /** Runs one model with TLC (one worker, so that counterexamples are the shortest and the same every time). */
    private ModelRunResult execute(ModelRun run, Path session, Optional<TlcWorkers> workers) throws IOException {
        Path dir = Files.createTempDirectory(session, "run-");
        try {
            Path module = CheckModule.prepare(run, dir);
            Optional<String> key = cache.isPresent() ? Optional.of(ResultCache.key(dir, TLC_ARGS)) : Optional.empty();
            Optional<TlcResult> stored = key.flatMap(k -> cache.get().get(k));
            if (stored.isPresent()) {
                return new ModelRunResult(run, stored.get(), true);
            }
            TlcOptions options = TlcOptions.builder(module)
                    .config(dir.resolve(CheckModule.MODULE + ".cfg"))
                    .workers(1)
                    .timeout(timeoutPerRun)
                    .extraTlcArgs(TLC_ARGS)
                    .metadirParent(dir)
                    .build();
            TlcResult tlc = workers.isPresent() ? workers.get().run(options, ProgressListener.NONE)
                    : TlcRunner.run(options, ProgressListener.NONE);
            TlcResult result = namingSources(tlc, dir, run);
            key.ifPresent(k -> cache.get().put(k, result));
            return new ModelRunResult(run, result, false);
        } finally {
            FileTrees.delete(dir);
        }
    }

    /**
     * {@code result} with its error naming the files under {@code specs/} instead of their copies in the run's folder
     * {@code dir}: the modules by name, the check's config as the variant's config (the check lines come after its
     * own, so its line numbers hold). The generated wrapper module has no source and keeps its name.
     */
    static TlcResult namingSources(TlcResult result, Path dir, ModelRun run) {
        if (result.errorMessage().isEmpty()) {
            return result;
        }
        String folder = dir.toString() + dir.getFileSystem().getSeparator();
        String message = result.errorMessage().get()
                .replace(dir.resolve(CheckModule.MODULE + ".cfg").toString(),
                        run.models().configOf(run.variant()).toString())
                .replace(folder + CheckModule.MODULE + ".tla", CheckModule.MODULE + ".tla (generated)")
                .replace(folder, run.models().folder().toString() + dir.getFileSystem().getSeparator());
        return new TlcResult(result.verdict(), result.property(), result.stats(), result.trace(), Optional.of(message),
                result.rawOutput());
    }

    /**
     * Runs {@code runs} on {@code parallelism} TLC JVMs at a time and returns their results in the order of {@code runs};
     * {@code onDone} sees each result as soon as it is in, in that same order. The models are written to one temporary
     * folder, removed at the end with the worker JVMs — also when the JVM is stopped by a signal, when the worker
     * threads' own clean-up never runs.
     */
    public ImmutableList<ModelRunResult> executeAll(List<ModelRun> runs, int parallelism,
            Consumer<ModelRunResult> onDone) throws InterruptedException {
        Path session;
        try {
            session = Files.createTempDirectory("lockstep-gate-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the gate's temporary folder: " + e.getMessage(), e);
        }
        Optional<TlcWorkers> workers = freshJvmPerRun ? Optional.empty()
                : Optional.of(new TlcWorkers(session, notices));
        Runnable cleanUp = () -> {
            workers.ifPresent(TlcWorkers::close);
            FileTrees.delete(session);
        };
        Thread cleanup = new Thread(cleanUp, "lockstep-gate-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "lockstep-gate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ModelRunResult>> futures = new ArrayList<>();
            for (ModelRun run : runs) {
                futures.add(pool.submit(() -> execute(run, session, workers)));
            }
            ImmutableList.Builder<ModelRunResult> results = ImmutableList.builder();
            for (Future<ModelRunResult> future : futures) {
                ModelRunResult result = get(future);
                onDone.accept(result);
                results.add(result);
            }
            return results.build();
        } finally {
            pool.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
                cleanUp.run();
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already going down: the hook removes the workers and the folder.
            }
        }
    }

    private static ModelRunResult get(Future<ModelRunResult> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException("cannot prepare or clean a model folder: " + io.getMessage(), io);
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

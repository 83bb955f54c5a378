package dev.lockstep.checker.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.itf.ItfWriter;
import dev.lockstep.checker.trace.TraceRenderer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm TLC workers find exactly what a fresh JVM per model finds, and fall back to one when a worker fails. */
class TlcWorkersTest {
    /** Every kind of outcome the test models have, then A, B, A: the first model again after another one. */
    private static final List<String> SEQUENCE = List.of("invariant", "lasso", "invariant", "actionprop", "assertion",
            "assumption", "bigvalues", "configerror", "deadlock", "evalerror", "initial", "modelvalues", "ok",
            "onevar", "parseerror", "semanticerror", "stuttering", "symmetry", "unknownmodule", "modelvalues",
            "symmetry", "lasso");

    @TempDir
    Path metadirParent;

    @TempDir
    Path scratch;

    private final List<String> notices = new CopyOnWriteArrayList<>();

    @AfterEach
    void leavesNoFolderAndNoProcess() throws Exception {
        assertTrue(Models.isEmptyFolder(metadirParent), "metadir left behind");
        assertTrue(Models.isEmptyFolder(scratch), "worker folder left behind");
        assertEquals(0, Models.liveChildren(), "TLC process left running");
    }

    private TlcOptions.Builder options(String model) {
        return TlcOptions.builder(Models.spec(model)).extraTlcArgs(List.of("-fp", "1", "-lncheck", "final"))
                .metadirParent(metadirParent);
    }

    @Test
    void oneWorkerChecksModelAfterModelExactlyAsFreshJvmsDo() throws Exception {
        List<TlcResult> fresh = new ArrayList<>();
        for (String model : SEQUENCE) {
            fresh.add(TlcRunner.run(options(model).build(), ProgressListener.NONE));
        }
        List<TlcResult> warm = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        try (TlcWorkers workers = new TlcWorkers(scratch, notices::add)) {
            for (String model : SEQUENCE) {
                warm.add(workers.run(options(model).build(), ProgressListener.NONE));
                pids.addAll(workers.pids());
            }
        }
        assertEquals(List.of(), notices, "no worker failed");
        assertEquals(1, pids.stream().distinct().count(), "one worker checked every model: " + pids);
        for (int i = 0; i < SEQUENCE.size(); i++) {
            assertSameFindings(SEQUENCE.get(i) + " (#" + i + ")", fresh.get(i), warm.get(i));
        }
        assertTrue(fresh.stream().filter(r -> r.trace().isPresent()).count() >= 8, "the sequence has counterexamples");
    }

    @Test
    void aWorkerThatDiedIsReplacedAndTheModelRerunInAFreshJvm() throws Exception {
        try (TlcWorkers workers = new TlcWorkers(scratch, notices::add)) {
            assertEquals(Verdict.OK, workers.run(options("ok").build(), ProgressListener.NONE).verdict());
            long first = workers.pids().get(0);
            ProcessHandle worker = ProcessHandle.of(first).orElseThrow();
            worker.destroyForcibly();
            worker.onExit().get();
            TlcResult result = workers.run(options("invariant").build(), ProgressListener.NONE);
            assertSameFindings("invariant", TlcRunner.run(options("invariant").build(), ProgressListener.NONE),
                    result);
            assertEquals(1, notices.size(), notices::toString);
            assertTrue(notices.get(0).matches("TLC worker " + first + " died \\(exit \\d+\\) on .*Counter\\.tla;"
                    + " re-running it in a fresh JVM"), notices.get(0));
            assertEquals(Verdict.OK, workers.run(options("ok").build(), ProgressListener.NONE).verdict());
            assertTrue(!workers.pids().contains(first) && workers.pids().size() == 1, "a new worker took over");
        }
    }

    @Test
    void aWorkerThatHangsPastTheTimeoutIsReplacedAndTheModelRerunInAFreshJvm() {
        TlcResult result;
        try (TlcWorkers workers = new TlcWorkers(scratch, notices::add)) {
            result = workers.run(TlcOptions.builder(Models.BIG).timeout(Duration.ofSeconds(2))
                    .metadirParent(metadirParent).build(), ProgressListener.NONE);
            assertEquals(List.of(), workers.pids(), "the worker was killed");
        }
        assertEquals(Verdict.TIMEOUT, result.verdict(), "the fresh JVM timed out too");
        assertEquals(1, notices.size(), notices::toString);
        assertTrue(notices.get(0).contains(" timed out after 2 s on ") && notices.get(0).endsWith("fresh JVM"),
                notices.get(0));
    }

    @Test
    void aWorkerThatRunsOutOfMemoryIsReplacedAndTheModelRerunInAFreshJvm() {
        TlcOptions hog = options("outofmemory").tlcHeap("24m").timeout(Duration.ofMinutes(1)).build();
        TlcResult result;
        try (TlcWorkers workers = new TlcWorkers(scratch, notices::add)) {
            result = workers.run(hog, ProgressListener.NONE);
        }
        assertEquals(Verdict.OUT_OF_MEMORY, result.verdict(), result::rawOutput);
        assertTrue(result.errorMessage().orElseThrow().contains("heap 24m"), result.errorMessage().toString());
        assertEquals(1, notices.size(), notices::toString);
        assertTrue(notices.get(0).contains("Hog.tla; re-running it in a fresh JVM")
                && (notices.get(0).contains("ran out of memory")), notices.get(0));
    }

    /** Same verdict, property, figures, message and counterexample (ITF and text, byte for byte). */
    private static void assertSameFindings(String what, TlcResult fresh, TlcResult warm) {
        assertEquals(fresh.verdict(), warm.verdict(), what + ": verdict; warm output:\n" + warm.rawOutput());
        assertEquals(fresh.property(), warm.property(), what + ": property");
        assertEquals(fresh.stats().generated(), warm.stats().generated(), what + ": states generated");
        assertEquals(fresh.stats().distinct(), warm.stats().distinct(), what + ": distinct states");
        assertEquals(fresh.stats().depth(), warm.stats().depth(), what + ": depth");
        assertEquals(fresh.errorMessage(), warm.errorMessage(), what + ": error message");
        assertEquals(itf(fresh), itf(warm), what + ": ITF counterexample");
        assertEquals(fresh.trace().map(TraceRenderer::render), warm.trace().map(TraceRenderer::render),
                what + ": text counterexample");
    }

    private static Optional<String> itf(TlcResult result) {
        return result.trace().map(t -> ItfWriter.write(t, ImmutableMap.of("verdict", result.describe())));
    }
}

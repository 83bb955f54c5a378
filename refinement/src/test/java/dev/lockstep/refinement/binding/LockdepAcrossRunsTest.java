package dev.lockstep.refinement.binding;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.impl.dax.FileRange;
import dev.lockstep.impl.runtime.Explorer;
import dev.lockstep.impl.runtime.LockCycles;
import dev.lockstep.impl.runtime.LockDep;
import dev.lockstep.impl.runtime.LockDepReport;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.Schedules;
import dev.lockstep.refinement.dax.DaxBinding;
import dev.lockstep.refinement.tcmu.TcmuBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Lockdep over the explored runs of the real models (the runtime and the model only, no spec: seconds): the deadlocks
 * the specs found show as cycles even in the graph of the runs that completed, and a model with its documented lock
 * order swapped is reported.
 */
class LockdepAcrossRunsTest {
    private static final long STEP_BOUND = 10_000;
    private static final long MAX_SCHEDULES = 1_000_000;

    /** Every schedule from {@code starts}, each run's locks into one graph. */
    private static <C> LockDep explore(ProtocolBinding<C> binding, List<C> starts, UnaryOperator<C> change) {
        LockDep graph = new LockDep();
        List<Explorer.Scenario> scenarios = new ArrayList<>();
        for (C start : starts) {
            C config = change.apply(start);
            scenarios.add(scheduler -> {
                var model = binding.start(scheduler, config);
                graph.attach(scheduler, String.valueOf(config));
                return model::exactState;
            });
        }
        Explorer.Result r = Explorer.explore(scenarios, STEP_BOUND, MAX_SCHEDULES, run -> true, false);
        assertTrue(r.exhausted(), r::toString);
        return graph;
    }

    /**
     * Each edge of the cycles found in completed runs has a completed witness, and replaying it from its start
     * completes again: the cycle needs no run that deadlocked.
     */
    private static <C> LockCycles.Cycle assertCycleFromCompletedRuns(ProtocolBinding<C> binding, String variant,
            List<C> starts) {
        LockDep graph = explore(binding, starts, c -> c);
        LockDep completed = graph.completedRuns();
        ImmutableList<LockCycles.Cycle> cycles = LockCycles.of(completed);
        String report = LockDepReport.render(binding.protocol() + "/" + variant + " (completed runs)", completed,
                binding.lockOrder());
        assertFalse(cycles.isEmpty(), report);
        for (LockDep.Edge e : cycles.get(0).edges()) {
            LockDep.Witness w = e.firstCompleted().orElseThrow();
            assertTrue(w.completed(), report);
            C start = starts.stream().filter(c -> String.valueOf(c).equals(w.start())).findFirst().orElseThrow();
            Scheduler replay = new Scheduler(Schedules.replay(w.schedule()), STEP_BOUND);
            binding.start(replay, start);
            assertInstanceOf(Outcome.Completed.class, replay.run().outcome(), () -> e.from() + " -> " + e.to());
        }
        return cycles.get(0);
    }

    /**
     * The v1 fault on a file with no range sleeps for a free one holding invalidate_lock and its DAX entry (what
     * dax.c's comment in alloc_dax_mapping_reclaim warns of); the worker frees ranges and wakes the queue holding
     * invalidate_lock. Here the range is another file's, so the run completes, yet lockdep's classes close the cycle.
     * (The spec's counterexample, the fault waiting for its own DAX entry in fuse_break_dax_layouts, deadlocks in every
     * run that gets there: lockdep reports it as recursive locking of the DAX entry class, from those runs only.)
     */
    @Test
    void theInlineReclaimFaultDeadlockIsACycleOfRunsThatCompleted() {
        DaxConfig otherFilesRange = new DaxConfig(DaxVariant.FAULT_INLINE_RECLAIM, ImmutableMap.of(),
                ImmutableMap.of("f1", ImmutableList.of(new FileRange("i1", 0))), ImmutableList.of("d1"),
                ImmutableList.of("i1", "i2"), 1, ImmutableMap.of("d1", new FileRange("i2", 0)));
        LockCycles.Cycle c = assertCycleFromCompletedRuns(new DaxBinding(),
                DaxVariant.FAULT_INLINE_RECLAIM.specName(), List.of(otherFilesRange));
        assertTrue(c.classes().containsAll(List.of("fcd->range_waitq", "mapping->invalidate_lock")), c::toString);
    }

    /** The zero-copy completion takes mmap_lock under cmdr_lock; the fault takes cmdr_lock under mmap_lock. */
    @Test
    void theZeroCopyCmdrDeadlockIsACycleOfRunsThatCompleted() {
        TcmuBinding binding = new TcmuBinding();
        LockCycles.Cycle c = assertCycleFromCompletedRuns(binding, "zero-copy-cmdr",
                binding.explorationStarts("zero-copy-cmdr"));
        assertTrue(c.classes().containsAll(List.of("mm->mmap_lock", "udev->cmdr_lock")), c::toString);
    }

    /** The worker taking fi->dax->sem before invalidate_lock goes against dax.c, and closes a cycle with the faults. */
    @Test
    void aModelWithItsDocumentedLockOrderSwappedIsReported() {
        DaxBinding binding = new DaxBinding();
        String variant = DaxVariant.FAULT_WAIT_RETRY.specName();
        // a fault that misses while the worker reclaims the file's only range
        List<DaxConfig> starts = List.of(new DaxConfig(DaxVariant.FAULT_WAIT_RETRY, ImmutableMap.of(),
                ImmutableMap.of("f1", ImmutableList.of(new FileRange("i1", 0))), ImmutableList.of("d1"),
                ImmutableList.of("i1"), 2, ImmutableMap.of("d1", new FileRange("i1", 1))));
        assertTrue(LockCycles.of(explore(binding, starts, c -> c)).isEmpty());
        LockDep swapped = explore(binding, starts, c -> c.withMutation(DaxConfig.RECLAIM_DAX_SEM_FIRST));
        String report = LockDepReport.render("dax/" + variant + " with " + DaxConfig.RECLAIM_DAX_SEM_FIRST, swapped,
                binding.lockOrder());
        assertTrue(binding.lockOrder().violations(swapped).stream()
                .anyMatch(e -> e.from().equals("fi->dax->sem") && e.to().equals("mapping->invalidate_lock")), report);
        assertTrue(report.contains("fi->dax->sem -(EN)-> mapping->invalidate_lock   AGAINST THE DOCUMENTED ORDER"),
                report);
        assertTrue(report.contains("WARNING: possible circular locking dependency detected"), report);
        assertTrue(report.contains("lookup_and_reclaim_dmap"), report);
    }
}

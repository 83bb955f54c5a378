package dev.lockstep.refinement.tcmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.PageAllocator.Page;
import dev.lockstep.impl.tcmu.TargetCoreUser;
import dev.lockstep.impl.tcmu.TcmuConfig;
import dev.lockstep.refinement.binding.CounterexampleReplay;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.binding.Repository;
import dev.lockstep.refinement.replay.ActorStep;
import dev.lockstep.refinement.replay.Counterexample;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import dev.lockstep.refinement.replay.InterleavingResult;
import dev.lockstep.refinement.replay.InterleavingRunner;
import dev.lockstep.refinement.replay.ReplayResult;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the tcmu counterexamples and witnesses show when replayed on the Java model, beyond reproducing (every
 * counterexample of every protocol is replayed, and checked on its fixed variant, by {@code BindingCounterexampleTest}):
 * the stale mapping user space reads, the page use-after-free as the runtime reports it, the zero-copy deadlock's
 * wait-for cycle, and Xiaoguang's and Bodo's points in seed 002's thread.
 */
class TcmuCounterexampleTest {
    private static final ProtocolSpec SPEC = Repository.spec("tcmu");
    private static final TcmuBinding BINDING = new TcmuBinding();

    private static Counterexample read(String relative) {
        return CounterexampleFiles.read(SPEC.counterexamples().resolve(relative));
    }

    /** The counterexample reproduced step for step on its variant, one Java step per spec step. */
    private static CounterexampleReplay.Reproduction reproduced(Counterexample cx) {
        CounterexampleReplay.Reproduction r = CounterexampleReplay.reproduce(BINDING, SPEC, cx);
        assertTrue(r.reproduced(), r::render);
        assertEquals(r.replay().reached(), r.replay().steps().size(), r::render);
        return r;
    }

    /** The model of {@code config} run along {@code interleaving}, then fairly to its end; no check stops it. */
    private static Run run(TcmuConfig config, List<ActorStep> interleaving) {
        TargetCoreUser[] model = new TargetCoreUser[1];
        InterleavingResult r = InterleavingRunner.run(scheduler -> {
            model[0] = TargetCoreUser.spawn(scheduler, config);
            return () -> TcmuRefinementMapping.toSpec(model[0]);
        }, interleaving, Optional.empty(), InterleavingRunner.Options.DEFAULT);
        return new Run(model[0], r);
    }

    private static Run run(Counterexample cx, List<ActorStep> interleaving) {
        return run(BINDING.configOf(SPEC.constants(cx.variant()), cx.trace()), interleaving);
    }

    private record Run(TargetCoreUser model, InterleavingResult result) {}

    /**
     * "Fix possible data corruption": the fault installs its PTE for p1 after find_free_blocks' unmap, p1 is
     * released, and queue_cmd_ring refills the slot with p2 and copies the command's data there; user space keeps
     * reading p1 through the PTE, and no fault will come to correct it.
     */
    @Test
    void pre2022LeavesUserSpaceReadingTheReleasedPageWhileTheCommandsDataGoesToTheNewOne() {
        Counterexample cx = read("pre-2022/NoStaleMapping.itf.json");
        CounterexampleReplay.Reproduction r = reproduced(cx);
        assertTrue(r.replay().property().orElseThrow().messages().get(0).startsWith("NoStaleMapping is FALSE"));
        Run run = run(cx, ActorStep.then(r.interleaving(), TcmuConfig.QUEUE_CMD_RING, TcmuConfig.QUEUE_CMD_RING));
        assertTrue(run.result().run().completed(), run.result().run()::toString);
        Page slot = run.model().dataPage().orElseThrow();
        Page mapped = run.model().dataAreaPte().orElseThrow();
        assertEquals("p2", slot.name());
        assertEquals("p1", mapped.name());
        assertEquals(TargetCoreUser.COMMAND_DATA, slot.contents());
        assertNotEquals(TargetCoreUser.COMMAND_DATA, mapped.contents());
        // the PTE's reference keeps p1 allocated: stale, not freed
        assertTrue(mapped.allocated());
        assertEquals(List.of(), run.model().pageReports());
    }

    /** "Fix possible page UAF": get_page after cmdr_lock is dropped takes a reference on a page already freed. */
    @Test
    void pre2022TakesAReferenceOnAPageFindFreeBlocksAlreadyFreed() {
        Counterexample cx = read("pre-2022/NoPageUseAfterFree.itf.json");
        CounterexampleReplay.Reproduction r = reproduced(cx);
        Run run = run(cx, r.interleaving());
        assertEquals("BUG: use-after-free in get_page(p1) by task f1: p1 was freed by task find_free_blocks in"
                + " __free_page(p1)", run.model().pageReports().get(0));
        // and the fault goes on to map the freed page into user space
        assertTrue(run.model().pageReports().get(1).startsWith(
                "BUG: use-after-free in finish_fault(mm, data_area[0], p1) by task f1"),
                run.model().pageReports()::toString);
    }

    /**
     * Xiaoguang's "abba dead lock": the fault holds mmap_lock and waits for cmdr_lock; find_free_blocks holds
     * cmdr_lock and, completing c0, waits for mmap_lock behind the queued munmap, which waits for the fault.
     */
    @Test
    void zeroCopyCmdrDeadlocksOnCmdrLockAndMmapLockBehindTheQueuedWriter() {
        CounterexampleReplay.Reproduction r = reproduced(read("zero-copy-cmdr/deadlock.itf.json"));
        Outcome.Deadlock d = assertInstanceOf(Outcome.Deadlock.class, r.replay().run().outcome());
        assertTrue(d.cycles().contains(ImmutableList.of("f1", TcmuConfig.FIND_FREE_BLOCKS, TcmuConfig.MUNMAP)),
                d::toString);
        String waits = d.blocked().stream().map(Outcome.Blocked::toString).collect(Collectors.joining("\n"));
        assertTrue(waits.contains("f1 blocked in mutex_lock(udev->cmdr_lock) waiting for udev->cmdr_lock held by"
                + " find_free_blocks"), waits);
        assertTrue(waits.contains("find_free_blocks blocked in down_read(mm->mmap_lock) waiting for mm->mmap_lock"
                + " (writer queued) held by munmap"), waits);
        assertTrue(waits.contains("munmap blocked in down_write(mm->mmap_lock):woken waiting for mm->mmap_lock held"
                + " by f1"), waits);
    }

    /** With seed 002's locking the same interleaving completes: the fault waits for no lock the completion holds. */
    @Test
    void zeroCopyInvalidateCompletesTheDeadlockedInterleaving() {
        Counterexample cx = read("zero-copy-cmdr/deadlock.itf.json");
        TcmuConfig fixed = CounterexampleReplay.fixedModel(BINDING, SPEC, cx).config();
        assertEquals("zero-copy-invalidate", fixed.variant().specName());
        Run run = run(fixed, reproduced(cx).interleaving());
        assertTrue(run.result().run().completed(), run.result().run()::toString);
        assertEquals(ImmutableSet.of("c1"), run.model().zeroCopyMapped());
    }

    /**
     * Xiaoguang's second point, upstream: queue_cmd_ring holds cmdr_lock while scatter_data_area copies, and a fault
     * cannot get past tcmu_try_get_data_page's mutex_lock until it is done.
     */
    @Test
    void upstreamFaultWaitsForCmdrLockWhileQueueCmdRingCopies() {
        Counterexample cx = read("upstream/FaultWaitsBehindCopy.itf.json");
        CounterexampleReplay.Reproduction r = reproduced(cx);
        String q = TcmuConfig.QUEUE_CMD_RING;
        Run run = run(cx, ActorStep.then(r.interleaving(), "f1", "f2", q, "f1", q, "f1"));
        InterleavingResult result = run.result();
        int witness = r.interleaving().size();
        // the faults' turns are skipped (blocked on cmdr_lock) until queue_cmd_ring has copied and unlocked
        assertEquals(List.of(witness, witness + 1, witness + 3), result.skipped());
        assertEquals("scatter_data_area(p1)", result.moves().get(witness).operation());
        assertEquals("mutex_unlock(udev->cmdr_lock)", result.moves().get(witness + 1).operation());
        assertEquals("f1", result.moves().get(witness + 2).actor());
        assertEquals("mutex_lock(udev->cmdr_lock)", result.moves().get(witness + 2).operation());
        assertTrue(result.run().completed(), result.run()::toString);
    }

    /** Bodo's question answered in code: with invalidate_lock shared, two faults are inside the lookup at once. */
    @Test
    void invalidateLockLetsTwoFaultsLookUpTheDataPageAtOnce() {
        Counterexample cx = read("invalidate-lock/ConcurrentFaults.itf.json");
        CounterexampleReplay.Reproduction r = reproduced(cx);
        ReplayResult replay = r.replay();
        assertEquals(replay.plan().steps().size(), replay.property().orElseThrow().position());
        Run run = run(cx, r.interleaving());
        InterleavingResult.Move last = run.result().moves().get(r.interleaving().size() - 1);
        assertTrue(last.operation().startsWith("down_read(mapping->invalidate_lock)"), last::operation);
        assertEquals("{f1, f2}", last.state().get("invReaders").toString());
        assertTrue(run.result().run().completed(), run.result().run()::toString);
        assertEquals(List.of(), run.model().pageReports());
    }
}

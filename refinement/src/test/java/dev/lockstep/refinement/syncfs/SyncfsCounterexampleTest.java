package dev.lockstep.refinement.syncfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.impl.syncfs.FuseSyncfs;
import dev.lockstep.impl.syncfs.SyncfsConfig;
import dev.lockstep.refinement.SpecState;
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
import org.junit.jupiter.api.Test;

/**
 * What the syncfs counterexamples show when replayed on the Java model, beyond reproducing (every counterexample of
 * every protocol is replayed by {@code BindingCounterexampleTest}): the runtime's own reports of the memory errors,
 * and the answer to Vivek's question in seed 004.
 */
class SyncfsCounterexampleTest {
    private static final ProtocolSpec SPEC = Repository.spec("syncfs");
    private static final SyncfsBinding BINDING = new SyncfsBinding();

    private static Counterexample read(String relative) {
        return CounterexampleFiles.read(SPEC.counterexamples().resolve(relative));
    }

    /** The counterexample reproduced on its variant (the spec's invariant breaks in its last state). */
    private static CounterexampleReplay.Reproduction reproduced(Counterexample cx) {
        CounterexampleReplay.Reproduction r = CounterexampleReplay.reproduce(BINDING, SPEC, cx);
        assertTrue(r.reproduced(), r::render);
        return r;
    }

    /** The model of {@code cx}'s variant run along {@code interleaving}, then fairly to its end; no check stops it. */
    private static Run run(Counterexample cx, List<ActorStep> interleaving) {
        SyncfsConfig config = BINDING.configOf(SPEC.constants(cx.variant()), cx.trace());
        FuseSyncfs[] model = new FuseSyncfs[1];
        InterleavingResult r = InterleavingRunner.run(scheduler -> {
            model[0] = FuseSyncfs.spawn(scheduler, config);
            return () -> SyncfsRefinementMapping.toSpec(model[0]);
        }, interleaving, Optional.empty(), InterleavingRunner.Options.DEFAULT);
        return new Run(model[0], r);
    }

    private record Run(FuseSyncfs model, InterleavingResult result) {}

    @Test
    void plainIncResurrectsTheDrainedBucketAndItsWriteDecrementsFreedMemory() {
        Counterexample cx = read("plain-inc/NoBucketUseAfterFree.itf.json");
        CounterexampleReplay.Reproduction r = reproduced(cx);
        assertTrue(r.replay().property().orElseThrow().messages().get(0).startsWith("NoBucketUseAfterFree is FALSE"));
        // The spec stops where w2 holds a count on freed b0; the Java model goes on: the server answers w2's WRITE and
        // fuse_writepage_end decrements the freed bucket, which KASAN reports.
        Run run = run(cx, ActorStep.then(r.interleaving(), "server", "w2"));
        assertEquals(List.of("BUG: KASAN: use-after-free in atomic_dec_and_test(b0->count) by task w2: b0 was freed"
                + " (kfree_rcu callback after a grace period)"), run.model().kasanReports().subList(0, 1));
    }

    @Test
    void theDraftsKfreeRcuOverwritesTheWaitQueueTheWakerIsAboutToLock() {
        Counterexample cx = read("union-rcu-waitq/NoWaitqClobber.itf.json");
        CounterexampleReplay.Reproduction r = reproduced(cx);
        assertTrue(r.replay().property().orElseThrow().messages().get(0).startsWith("NoWaitqClobber is FALSE"));
        // w1 is at wake_up(&b0->waitq) when s1's kfree_rcu writes b0->rcu over it.
        Run run = run(cx, ActorStep.then(r.interleaving(), "w1"));
        assertEquals("union overwrite: wake_up(b0->waitq):lock by task w1 uses b0->waitq, overwritten by b0->rcu in"
                + " kfree_rcu(b0, rcu)", run.model().kasanReports().get(0));
    }

    @Test
    void theDraftFreesTheBucketUnderTheWakerWhoTookNoRcuReadLock() {
        Counterexample cx = read("union-rcu-waitq/NoWaitqClobber.itf.json");
        // The grace period does not wait for w1 (not in a read-side section): the callback runs, then w1 wakes.
        Run run = run(cx, ActorStep.then(reproduced(cx).interleaving(), "rcu", "w1"));
        assertTrue(run.model().kasanReports().get(0).startsWith(
                "BUG: KASAN: use-after-free in wake_up(b0->waitq):lock by task w1: b0 was freed"),
                run.model().kasanReports()::toString);
    }

    @Test
    void upstreamKeepsTheBucketAliveForTheWakerAlongTheSameInterleaving() {
        Counterexample cx = read("union-rcu-waitq/NoWaitqClobber.itf.json");
        List<ActorStep> interleaving = ActorStep.then(reproduced(cx).interleaving(), "rcu", "w1");
        SyncfsConfig upstream = CounterexampleReplay.fixedModel(BINDING, SPEC, cx).config();
        FuseSyncfs[] model = new FuseSyncfs[1];
        InterleavingResult r = InterleavingRunner.run(scheduler -> {
            model[0] = FuseSyncfs.spawn(scheduler, upstream);
            return () -> SyncfsRefinementMapping.toSpec(model[0]);
        }, interleaving, Optional.empty(), InterleavingRunner.Options.DEFAULT);
        assertTrue(r.run().completed(), r.run()::toString);
        assertEquals(List.of(), model[0].kasanReports());
    }

    /**
     * Vivek: "When can we run into the situation when fc->curr_bucket is num_writepages == 0?" Never while installed;
     * w2 loaded b0 under RCU before s1 swapped it, b0 drained to 0, so atomic_inc_not_zero fails on the stale pointer
     * and the loop reloads the new bucket.
     */
    @Test
    void theStaleBucketWitnessFailsAtomicIncNotZeroAndTheWriterReloadsTheNewBucket() {
        Counterexample cx = read("upstream/StaleBucketZero.itf.json");
        CounterexampleReplay.Reproduction r = reproduced(cx);
        ReplayResult replay = r.replay();
        assertEquals(replay.plan().steps().size(), replay.property().orElseThrow().position());
        Run run = run(cx, ActorStep.then(r.interleaving(), "w2", "w2", "w2"));
        List<InterleavingResult.Move> moves = run.result().moves();
        int witness = replay.plan().steps().size();
        SpecState atWitness = moves.get(witness - 1).state();
        assertEquals("b0", entry(atWitness, "ptr", "w2"));
        assertEquals("s1", ((TlaString) atWitness.get("curr")).value());
        assertEquals(0, count(atWitness, "b0"));
        InterleavingResult.Move fail = moves.get(witness);
        InterleavingResult.Move reload = moves.get(witness + 1);
        InterleavingResult.Move inc = moves.get(witness + 2);
        assertEquals("w2", fail.actor());
        assertEquals("atomic_inc_not_zero(b0->count)", fail.operation());
        assertEquals("rcu_dereference", entry(fail.state(), "pc", "w2"));
        assertEquals(0, count(fail.state(), "b0"));
        assertEquals("rcu_dereference(fc->curr_bucket)", reload.operation());
        assertEquals("s1", entry(reload.state(), "ptr", "w2"));
        assertTrue(inc.operation().startsWith("atomic_inc_not_zero(s1->count) + rcu_read_unlock()"), inc::operation);
        assertEquals("wait_reply", entry(inc.state(), "pc", "w2"));
        assertEquals(count(reload.state(), "s1") + 1, count(inc.state(), "s1"));
        assertTrue(run.result().run().completed(), run.result().run()::toString);
        assertEquals(List.of(), run.model().kasanReports());
    }

    private static String entry(SpecState s, String var, String key) {
        return ((TlaString) ((TlaFunction) s.get(var)).apply(TlaString.of(key))).value();
    }

    private static long count(SpecState s, String bucket) {
        return ((TlaInt) ((TlaFunction) s.get("count")).apply(TlaString.of(bucket))).value().longValueExact();
    }

    @Test
    void everyBucketVariantReplaysItsCounterexampleWithoutStutters() {
        for (String file : ImmutableList.of("plain-inc/NoBucketUseAfterFree.itf.json",
                "plain-inc/SyncfsCoversPriorWrites.itf.json", "union-rcu-waitq/NoWaitqClobber.itf.json",
                "no-wait/SyncfsCoversPriorWrites.itf.json")) {
            ReplayResult replay = reproduced(read(file)).replay();
            // one Java step per spec step: the model's steps are the spec's actions
            assertEquals(replay.reached(), replay.steps().size(), file);
        }
    }
}

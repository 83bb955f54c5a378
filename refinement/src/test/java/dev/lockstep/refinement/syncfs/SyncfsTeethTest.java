package dev.lockstep.refinement.syncfs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.syncfs.SyncfsConfig;
import dev.lockstep.refinement.binding.Exploration;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.binding.Repository;
import org.junit.jupiter.api.Test;

/**
 * The gate's exploration fails on a Java model with a fix broken on purpose ({@link SyncfsConfig#mutations()}): the
 * refinement check sees the step the spec does not have.
 */
class SyncfsTeethTest {
    private static final ProtocolSpec SPEC = Repository.spec("syncfs");
    private static final SyncfsBinding BINDING = new SyncfsBinding();

    private static Exploration.Result exploreBroken(String mutation) {
        ImmutableList<SyncfsConfig> starts = BINDING.explorationStarts("upstream").stream()
                .map(c -> c.withMutation(mutation)).collect(ImmutableList.toImmutableList());
        return Exploration.explore(BINDING, SPEC, "upstream", starts);
    }

    /** syncfs goes on to drop its count on the new bucket while the old one still counts a WRITE. */
    @Test
    void skippingTheWaitForTheOldBucketFailsTheExploration() {
        Exploration.Result r = exploreBroken(SyncfsConfig.NO_WAIT_EVENT);
        assertFalse(r.passed(), r::render);
        String failure = r.failure().orElseThrow();
        assertTrue(failure.contains("refinement violation"), failure);
        assertTrue(failure.contains("pc[s1]: \"atomic_dec_old\" -> \"dec_and_test\"")
                || failure.contains("pc[s2]: \"atomic_dec_old\" -> \"dec_and_test\""), failure);
        assertTrue(failure.contains("shrinks to"), failure);
    }

    /** kfree instead of kfree_rcu frees the old bucket at once: the spec's kfree_rcu leaves it pending. */
    @Test
    void kfreeInsteadOfKfreeRcuFailsTheExploration() {
        Exploration.Result r = exploreBroken(SyncfsConfig.KFREE_NOT_RCU);
        assertFalse(r.passed(), r::render);
        String failure = r.failure().orElseThrow();
        assertTrue(failure.contains("refinement violation"), failure);
        assertTrue(failure.contains("kfree(b0)") || failure.contains("kfree(s1)"), failure);
    }
}

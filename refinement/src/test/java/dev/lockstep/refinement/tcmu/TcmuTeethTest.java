package dev.lockstep.refinement.tcmu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.tcmu.TcmuConfig;
import dev.lockstep.refinement.binding.Exploration;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.binding.Repository;
import org.junit.jupiter.api.Test;

/**
 * The gate's exploration fails on upstream's Java model with a fix undone on purpose ({@link TcmuConfig#mutations()}):
 * the refinement check sees the step the spec does not have.
 */
class TcmuTeethTest {
    private static final ProtocolSpec SPEC = Repository.spec("tcmu");
    private static final TcmuBinding BINDING = new TcmuBinding();

    private static String failure(String mutation) {
        ImmutableList<TcmuConfig> starts = BINDING.explorationStarts("upstream").stream()
                .map(c -> c.withMutation(mutation)).collect(ImmutableList.toImmutableList());
        Exploration.Result r = Exploration.explore(BINDING, SPEC, "upstream", starts);
        assertFalse(r.passed(), r::render);
        String failure = r.failure().orElseThrow();
        assertTrue(failure.contains("refinement violation"), failure);
        assertTrue(failure.contains("shrinks to"), failure);
        return failure;
    }

    /** bb9b9eb0ae2e undone in its order only: find_free_blocks unmaps before tcmu_blocks_release. */
    @Test
    void unmappingBeforeTheReleaseFailsTheExploration() {
        String failure = failure(TcmuConfig.UNMAP_BEFORE_RELEASE);
        // the step that takes cmdr_lock and finds the block idle goes to unmap_mapping_range, not xa_erase
        assertTrue(failure.contains("(find_free_blocks: mutex_lock(udev->cmdr_lock)): neither a step of Next nor a"
                + " stutter"), failure);
    }

    /** a6968f7a367f undone: tcmu_vma_fault takes its page reference after cmdr_lock is dropped. */
    @Test
    void getPageAfterTheUnlockFailsTheExploration() {
        String failure = failure(TcmuConfig.GET_PAGE_AFTER_UNLOCK);
        // xa_load no longer raises the page's reference count
        assertTrue(failure.contains("(f1: xa_load(&udev->data_pages, 0)): neither a step of Next nor a stutter"),
                failure);
    }
}

package dev.lockstep.impl.tcmu;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

/**
 * One model instance, mirroring the spec's constants: the variant and the faulting threads; and
 * the order in which alloc_page tries the page frames (the spec lets tcmu_get_empty_block take any
 * free page, the allocator takes one in its order).
 *
 * @param pageFrames the page frames, {@link #INITIAL_PAGE} among them, in alloc_page's order
 * @param mutations fixes of the Java model broken on purpose ({@link #UNMAP_BEFORE_RELEASE},
 *     {@link #GET_PAGE_AFTER_UNLOCK}); empty for the real model
 */
public record TcmuConfig(
    TcmuVariant variant,
    ImmutableList<String> faults,
    ImmutableList<String> pageFrames,
    ImmutableSet<String> mutations) {

  /** The page in data_pages[0] at the start (its block idle, so find_free_blocks may release it). */
  public static final String INITIAL_PAGE = "p1";

  public static final String FIND_FREE_BLOCKS = "find_free_blocks";
  public static final String QUEUE_CMD_RING = "queue_cmd_ring";
  public static final String TCMU_IRQCONTROL = "tcmu_irqcontrol";
  public static final String MUNMAP = "munmap";

  /** Mutation: find_free_blocks calls unmap_mapping_range before tcmu_blocks_release. */
  public static final String UNMAP_BEFORE_RELEASE = "unmap-before-release";

  /** Mutation: tcmu_vma_fault takes its get_page after tcmu_try_get_data_page dropped the lock. */
  public static final String GET_PAGE_AFTER_UNLOCK = "get-page-after-unlock";

  private static final ImmutableSet<String> MUTATIONS =
      ImmutableSet.of(UNMAP_BEFORE_RELEASE, GET_PAGE_AFTER_UNLOCK);
  private static final ImmutableSet<String> RESERVED =
      ImmutableSet.of(FIND_FREE_BLOCKS, QUEUE_CMD_RING, TCMU_IRQCONTROL, MUNMAP, "none");

  /** A configuration of the real model. */
  public TcmuConfig(TcmuVariant variant, ImmutableList<String> faults, ImmutableList<String> pageFrames) {
    this(variant, faults, pageFrames, ImmutableSet.of());
  }

  public TcmuConfig {
    checkArgument(MUTATIONS.containsAll(mutations), "unknown mutations %s", mutations);
    checkArgument(!faults.isEmpty(), "need a faulting thread");
    checkArgument(pageFrames.contains(INITIAL_PAGE), "the page frames %s lack %s", pageFrames, INITIAL_PAGE);
    checkArgument(pageFrames.size() >= 2, "a refill needs a page frame besides %s", INITIAL_PAGE);
    for (String f : faults) {
      checkArgument(!RESERVED.contains(f), "'%s' is reserved", f);
    }
  }

  /** The same configuration with {@code mutation} broken. */
  public TcmuConfig withMutation(String mutation) {
    return new TcmuConfig(
        variant, faults, pageFrames, ImmutableSet.<String>builder().addAll(mutations).add(mutation).build());
  }

  public boolean broken(String mutation) {
    return mutations.contains(mutation);
  }
}

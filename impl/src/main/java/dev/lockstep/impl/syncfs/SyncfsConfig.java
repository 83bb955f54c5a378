package dev.lockstep.impl.syncfs;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Iterables;
import com.google.common.collect.Sets;
import dev.lockstep.impl.runtime.Scheduler;

/**
 * One model instance, mirroring the spec's constants: the variant, the writeback tasks (one WRITE
 * each) and the syncfs tasks (one syncfs each).
 *
 * @param mutations fixes of the Java model broken on purpose, to show that the checks fail on
 *     them ({@link #NO_WAIT_EVENT}, {@link #KFREE_NOT_RCU}); empty for the real model
 * @param reorderings the spec's {@code Reorderings}: the LKMM reorderings a run may show ({@link
 *     #DEC_OVERTAKES_ASSIGN}, upstream and plain-inc). The model's code is the same either way; whoever
 *     runs it chooses the memory model: {@link dev.lockstep.impl.runtime.MemoryModel#LKMM_SUBSET}
 *     shows the reordering, {@link dev.lockstep.impl.runtime.MemoryModel#SC} never does
 */
public record SyncfsConfig(
    SyncfsVariant variant,
    ImmutableList<String> writers,
    ImmutableList<String> syncers,
    ImmutableSet<String> mutations,
    ImmutableSet<String> reorderings) {

  /** The FUSE server, whose replies are the model's agent actions. */
  public static final String SERVER = "server";

  /** The mount's first bucket (fc->curr_bucket before any syncfs). */
  public static final String INIT_BUCKET = "b0";

  /** Mutation: fuse_sync_fs_writes skips wait_event(bucket->waitq, count == 0). */
  public static final String NO_WAIT_EVENT = "no-wait-event";

  /** Mutation: fuse_sync_fs_writes frees the old bucket with kfree instead of kfree_rcu. */
  public static final String KFREE_NOT_RCU = "kfree-not-rcu";

  private static final ImmutableSet<String> MUTATIONS = ImmutableSet.of(NO_WAIT_EVENT, KFREE_NOT_RCU);

  /**
   * Reordering: fuse_sync_fs_writes' atomic_dec(&bucket->count) reaches the writers before its
   * rcu_assign_pointer(fc->curr_bucket, new_bucket) and spin_unlock(&fc->lock) do (litmus test
   * syncfs+dec-overtakes-assign).
   */
  public static final String DEC_OVERTAKES_ASSIGN = "dec-overtakes-assign";

  /** A configuration of the real model under sequential consistency. */
  public SyncfsConfig(SyncfsVariant variant, ImmutableList<String> writers, ImmutableList<String> syncers) {
    this(variant, writers, syncers, ImmutableSet.of(), ImmutableSet.of());
  }

  public SyncfsConfig {
    checkArgument(MUTATIONS.containsAll(mutations), "unknown mutations %s", mutations);
    checkArgument(
        ImmutableSet.of(DEC_OVERTAKES_ASSIGN).containsAll(reorderings), "unknown reorderings %s", reorderings);
    checkArgument(
        reorderings.isEmpty() || variant.decrementsAfterUnlock() && mutations.isEmpty(),
        "reorderings %s need fuse_sync_fs_writes with the unlock before atomic_dec (upstream, plain-inc)",
        reorderings);
    checkArgument(!writers.isEmpty() && !syncers.isEmpty(), "need a writer and a syncfs task");
    checkArgument(
        Sets.intersection(ImmutableSet.copyOf(writers), ImmutableSet.copyOf(syncers)).isEmpty(),
        "a task is both writer and syncfs");
    for (String t : Iterables.concat(writers, syncers)) {
      checkArgument(
          !t.equals(SERVER) && !t.equals(INIT_BUCKET) && !t.equals(Scheduler.RCU) && !t.equals("none"),
          "'%s' is reserved",
          t);
    }
  }

  /** The same configuration with {@code mutation} broken. */
  public SyncfsConfig withMutation(String mutation) {
    return new SyncfsConfig(
        variant,
        writers,
        syncers,
        ImmutableSet.<String>builder().addAll(mutations).add(mutation).build(),
        reorderings);
  }

  /** The same configuration with the spec's {@code Reorderings} set to {@code reorderings}. */
  public SyncfsConfig withReorderings(ImmutableSet<String> reorderings) {
    return new SyncfsConfig(variant, writers, syncers, mutations, reorderings);
  }

  public boolean broken(String mutation) {
    return mutations.contains(mutation);
  }
}

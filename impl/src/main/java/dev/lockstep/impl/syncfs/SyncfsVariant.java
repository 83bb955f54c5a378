package dev.lockstep.impl.syncfs;

import dev.lockstep.impl.SpecNamed;

/**
 * The protocol variants of specs/syncfs/SyncBucket.tla (CONSTANT {@code Variant}); the spec's
 * header and {@link FuseSyncfs} cite the source of each.
 */
public enum SyncfsVariant implements SpecNamed {
  /**
   * v5.14, 2d82ab251ef0 "virtiofs: propagate sync() to file server" (the commit that
   * 660585b56e63 names in its Fixes: tag): fuse_sync_fs sends FUSE_SYNCFS without waiting for the
   * WRITEs still queued inside FUSE. No buckets.
   */
  NO_WAIT("no-wait"),
  /** Upstream with atomic_inc instead of atomic_inc_not_zero in fuse_writepage_add_to_bucket. */
  PLAIN_INC("plain-inc"),
  /**
   * Seed 004, Miklos' draft of 2021-08-28: union { waitq; rcu }, no rcu_read_lock around the
   * decrement and wake_up, "count != 0" test, atomic_dec of the old bucket under fc->lock.
   */
  UNION_RCU_WAITQ("union-rcu-waitq"),
  /**
   * v5.15-rc1, 660585b56e63 "fuse: wait for writepages in syncfs" (the buckets are unchanged in
   * later trees, the v6.16 writeback rework included).
   */
  UPSTREAM("upstream");

  private final String specName;

  SyncfsVariant(String specName) {
    this.specName = specName;
  }

  /**
   * The variant whose spec string is {@code specName}.
   *
   * @throws IllegalArgumentException naming the known variants if there is none
   */
  public static SyncfsVariant of(String specName) {
    return SpecNamed.of(SyncfsVariant.class, specName);
  }

  @Override
  public String specName() {
    return specName;
  }

  /** v5.14 had no buckets. */
  public boolean usesBuckets() {
    return this != NO_WAIT;
  }

  public boolean incNotZero() {
    return this != PLAIN_INC;
  }

  /** Seed 004's draft. */
  public boolean draft() {
    return this == UNION_RCU_WAITQ;
  }

  /** waitq and the rcu_head share memory ({@code union}). */
  public boolean unionWaitqRcu() {
    return this == UNION_RCU_WAITQ;
  }

  /** fuse_sync_bucket_dec takes rcu_read_lock around the decrement and wake_up (not the draft). */
  public boolean decUnderRcu() {
    return this != UNION_RCU_WAITQ;
  }

  /**
   * fuse_sync_fs_writes drops the old bucket's count after spin_unlock, so under the LKMM the
   * decrement may overtake the assignment ({@link SyncfsConfig#DEC_OVERTAKES_ASSIGN}); the draft
   * drops it before the unlock, and v5.14 has no buckets.
   */
  public boolean decrementsAfterUnlock() {
    return usesBuckets() && !draft();
  }

  /** Whether syncfs swaps in a new bucket, given the old one's count: draft "!= 0", else "!= 1". */
  public boolean swapOld(int count) {
    return draft() ? count != 0 : count != 1;
  }
}

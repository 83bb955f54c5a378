package dev.lockstep.impl.syncfs;

/**
 * Where a writeback or syncfs task is, as specs/syncfs/SyncBucket.tla's {@code pc} says it: each
 * value is the point before the kernel step of the same name.
 */
public enum SyncfsPc {
  IDLE("idle"),
  /** fuse_writepage_add_to_bucket's loop reloads fc->curr_bucket (still inside RCU). */
  RCU_DEREFERENCE("rcu_dereference"),
  INC_NOT_ZERO("inc_not_zero"),
  /** The WRITE is queued; the task waits for the server's reply (fuse_writepage_end). */
  WAIT_REPLY("wait_reply"),
  ASSIGN("assign"),
  /**
   * The old bucket's atomic_dec has reached the writers before the assignment above it
   * (LKMM_SUBSET: {@link SyncfsConfig#DEC_OVERTAKES_ASSIGN}).
   */
  ASSIGN_DEC_DONE("assign_dec_done"),
  ATOMIC_DEC_OLD("atomic_dec_old"),
  WAIT_EVENT("wait_event"),
  SLEEP("sleep"),
  /** syncfs drops its temporary count on the new bucket (fuse_sync_bucket_dec). */
  DEC_AND_TEST("dec_and_test"),
  WAKE_UP("wake_up"),
  WAKE_UP_UNLOCK("wake_up_unlock"),
  KFREE_RCU("kfree_rcu"),
  DONE("done");

  private final String specName;

  SyncfsPc(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }
}

/**
 * FUSE syncfs write buckets ({@code fs/fuse/file.c}, {@code fs/fuse/inode.c}, {@code
 * fs/fuse/fuse_i.h}; seed 004) as an executable model on {@link dev.lockstep.impl.runtime},
 * mapping one-to-one onto specs/syncfs/SyncBucket.tla (the spec's header, and {@link
 * dev.lockstep.impl.syncfs.FuseSyncfs}, cite the source of each variant).
 *
 * <p>{@link dev.lockstep.impl.syncfs.FuseSyncfs} holds the connection ({@code fc->lock}, the
 * {@code __rcu} pointer {@code fc->curr_bucket}) and the buckets, and runs the writeback tasks
 * (one WRITE each), the syncfs tasks and the FUSE server; {@link
 * dev.lockstep.impl.syncfs.SyncfsVariant} selects the code. The server is an agent of the
 * scheduler, not a task: each queued WRITE's reply is an alternative of its own, so replies come
 * in any order. RCU callbacks are the scheduler's {@code "rcu"} agent.
 *
 * <h2>Steps, by spec action</h2>
 *
 * Labels are the runtime's; "a + b" is one merged step ({@link
 * dev.lockstep.impl.runtime.Scheduler#atomic}), which is how the model follows the spec where it
 * merges several kernel operations into one action. [x] is only in some variants.
 *
 * <table>
 *   <caption>Spec action to Java step</caption>
 *   <tr><th>spec action</th><th>Java step (its label)</th></tr>
 *   <tr><td>AddToBucketRcuDereference</td><td>{@code rcu_read_lock() +
 *       rcu_dereference(fc->curr_bucket)}; the loop's reload: {@code
 *       rcu_dereference(fc->curr_bucket)}</td></tr>
 *   <tr><td>AddToBucketAtomicIncNotZero</td><td>{@code atomic_inc_not_zero(b->count)} (plain-inc:
 *       {@code atomic_inc(b->count)}), and on success {@code + rcu_read_unlock() +
 *       fuse_send_writepage(w)}</td></tr>
 *   <tr><td>FuseSendWritepage (v5.14)</td><td>{@code fuse_send_writepage(w)}</td></tr>
 *   <tr><td>ServerReply</td><td>the server's {@code FUSE_WRITE reply(w)}</td></tr>
 *   <tr><td>FuseWritepageEnd (v5.14)</td><td>{@code fuse_writepage_end(w)}</td></tr>
 *   <tr><td>SyncBucketAtomicDecAndTest</td><td>a writer: {@code fuse_writepage_end(w) +
 *       [rcu_read_lock() +] atomic_dec_and_test(b->count) [+ rcu_read_unlock()]}; syncfs
 *       dropping its count on the new bucket: the same without the first operation</td></tr>
 *   <tr><td>WakeUp</td><td>{@code wake_up(b->waitq):lock} (the wait queue's lock and the walk
 *       that wakes the sleepers)</td></tr>
 *   <tr><td>WakeUpUnlock</td><td>{@code wake_up(b->waitq):unlock [+ rcu_read_unlock()]}</td></tr>
 *   <tr><td>FuseSyncFsWritesBegin</td><td>{@code spin_lock(fc->lock) + atomic_read(b->count)}, and
 *       with nothing outstanding {@code + spin_unlock(fc->lock) + kfree(s) +
 *       fuse_simple_request(FUSE_SYNCFS)}</td></tr>
 *   <tr><td>FuseSyncFsWritesAssign</td><td>{@code atomic_inc(s->count) +
 *       rcu_assign_pointer(fc->curr_bucket) [+ atomic_dec(b->count)] +
 *       spin_unlock(fc->lock)}; outside the draft a write the task leaves in flight ({@link
 *       dev.lockstep.impl.runtime.Scheduler#bufferRelease}), performed when the schedule
 *       chooses</td></tr>
 *   <tr><td>FuseSyncFsWritesAtomicDecOld</td><td>{@code atomic_dec(b->count)}</td></tr>
 *   <tr><td>FuseSyncFsWritesAtomicDecOldEarly</td><td>the same {@code atomic_dec(b->count)} while
 *       the assignment is still in flight (a reordering, under LKMM_SUBSET only)</td></tr>
 *   <tr><td>FuseSyncFsWritesWaitEvent</td><td>{@code wait_event(b->waitq, atomic_read(&bucket->count)
 *       == 0)}: prepare_to_wait_event and the test, queued (asleep) if the count is not 0</td></tr>
 *   <tr><td>FuseSyncFsWritesWoken</td><td>{@code wait_event(b->waitq, ...):woken}</td></tr>
 *   <tr><td>FuseSyncFsWritesKfreeRcu</td><td>{@code kfree_rcu(b, rcu) +
 *       fuse_simple_request(FUSE_SYNCFS)}</td></tr>
 *   <tr><td>FuseSyncFsSend (v5.14)</td><td>{@code fuse_simple_request(FUSE_SYNCFS)}</td></tr>
 *   <tr><td>RcuCallbackKfree</td><td>RCU's {@code kfree_rcu callback(b)}</td></tr>
 * </table>
 *
 * No Java step is a stutter. The allocation of a syncfs task's new bucket ({@code
 * fuse_sync_bucket_alloc}, before {@code spin_lock}) touches memory nobody else can reach and is no
 * scheduling point; the refinement mapping shows the bucket from the spec's {@code
 * FuseSyncFsWritesBegin} on. The Java model allows fewer behaviours than the spec, which refinement
 * permits: a waker holds the wait queue's lock between {@code WakeUp} and {@code WakeUpUnlock}, so
 * a second waker of the same queue (plain-inc, whose dead bucket can drain twice) and a syncfs
 * queueing on it wait for the unlock, which the spec does not make them do.
 *
 * <h2>Memory</h2>
 *
 * Buckets live in {@link dev.lockstep.impl.runtime.Kasan} memory. {@code kfree_rcu} writes the
 * {@code rcu_head} at once (the path of Tiny RCU, and of Tree RCU when its per-CPU bulk array
 * cannot take the pointer) and poisons the bucket after the grace period; in the draft the {@code
 * rcu_head} shares a union with {@code waitq}. A task touching a freed bucket, or a wait queue the
 * {@code rcu_head} overwrote, is reported ({@link
 * dev.lockstep.impl.syncfs.FuseSyncfs#kasanReports()}) and the run goes on, as KASAN's default
 * does. What is not modelled: the {@code FUSE_SYNCFS} reply, {@code fc->sync_fs} being cleared
 * after {@code -ENOSYS}, unmount ({@code fuse_conn_put}'s {@code kfree} of the last bucket), and
 * more than one WRITE per writeback task (a bucket only counts requests).
 *
 * <h2>Harness</h2>
 *
 * Each writeback task issues one WRITE and completes it after the server's reply; each syncfs task
 * runs one {@code fuse_sync_fs}. The ghost state the spec keeps for SyncfsCoversPriorWrites (which
 * WRITEs were queued and unanswered when a syncfs began) is recorded in the step where syncfs
 * begins. {@link dev.lockstep.impl.syncfs.SyncfsConfig#mutations()} breaks a fix on purpose, to
 * show the checks fail. The refinement mapping to the spec's variables lives with the protocol
 * binding in {@code refinement/}.
 *
 * <h2>Shared variables and the LKMM</h2>
 *
 * Declared {@link dev.lockstep.impl.runtime.SharedVariable}s: {@code bucket->count} ({@code atomic_t}) and {@code
 * fc->curr_bucket} ({@code __rcu}, updated under {@code fc->lock}). The unordered pairs and their litmus tests are in
 * {@code refinement/src/test/resources/lockless/syncfs.txt}. Under SC the model shows every outcome the LKMM allows
 * in each pattern but one: {@code syncfs+dec-overtakes-assign}. The {@code atomic_dec} of the old bucket after {@code
 * spin_unlock} is unordered against the {@code rcu_assign_pointer} before it, so a writer whose {@code
 * atomic_inc_not_zero} failed on the old bucket may load {@code fc->curr_bucket} again, still get the old bucket, and
 * retry. The model leaves the assignment and the unlock in flight as one release write ({@link
 * dev.lockstep.impl.runtime.Scheduler#bufferRelease}), so under {@link
 * dev.lockstep.impl.runtime.MemoryModel#LKMM_SUBSET} the decrement may take effect first and the writer's retry
 * happens; under SC the write always performs first. The spec's counterpart is {@code
 * FuseSyncFsWritesAtomicDecOldEarly}, enabled by {@code Reorderings} ({@code specs/syncfs/upstream-lkmm.cfg},
 * {@link dev.lockstep.impl.syncfs.SyncfsConfig#reorderings()}).
 */
package dev.lockstep.impl.syncfs;

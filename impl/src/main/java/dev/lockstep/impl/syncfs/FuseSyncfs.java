package dev.lockstep.impl.syncfs;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.impl.runtime.AtomicT;
import dev.lockstep.impl.runtime.Kasan;
import dev.lockstep.impl.runtime.KernelWarning;
import dev.lockstep.impl.runtime.Ordering;
import dev.lockstep.impl.runtime.Rcu;
import dev.lockstep.impl.runtime.RcuPointer;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.SpinLock;
import dev.lockstep.impl.runtime.WaitQueue;
import dev.lockstep.impl.runtime.WaitsFor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FUSE syncfs write buckets ({@code fs/fuse/file.c}, {@code fs/fuse/inode.c}, {@code
 * fs/fuse/fuse_i.h}) on the deterministic runtime: one FUSE connection ({@code struct fuse_conn}
 * with {@code fc->lock} and the {@code __rcu} pointer {@code fc->curr_bucket}), its buckets, the
 * writeback tasks (one WRITE each: {@code fuse_writepage_add_to_bucket}, the WRITE, and {@code
 * fuse_writepage_end} after the server's reply), the syncfs tasks ({@code fuse_sync_fs}) and the
 * FUSE server, which answers the queued WRITEs in any order. Methods are the kernel's functions;
 * each scheduling point is one action of specs/syncfs/SyncBucket.tla or changes nothing the spec
 * sees (the package documentation has the table). {@link SyncfsVariant} selects the code:
 *
 * <ul>
 *   <li>{@code upstream}: 660585b56e63 "fuse: wait for writepages in syncfs" (v5.15-rc1), whose
 *       buckets are unchanged up to the v6.16 writeback rework and after it;
 *   <li>{@code plain-inc}: upstream with {@code atomic_inc} in place of {@code
 *       atomic_inc_not_zero} (the comment there: "prevents resurrecting a dead bucket in a race
 *       with syncfs");
 *   <li>{@code union-rcu-waitq}: Miklos' draft in seed 004 (2021-08-28, "[PATCH v4 5/5] virtiofs:
 *       propagate sync() to file server" thread): {@code union { waitq; rcu; }}, {@code
 *       fuse_writepage_free} decrements and wakes without {@code rcu_read_lock}, the test {@code
 *       count != 0}, and {@code atomic_dec} of the old bucket before {@code spin_unlock};
 *   <li>{@code no-wait}: v5.14, 2d82ab251ef0 "virtiofs: propagate sync() to file server": no
 *       buckets, {@code fuse_sync_fs} sends {@code FUSE_SYNCFS} at once.
 * </ul>
 *
 * <p>Buckets live in {@link Kasan} memory: a bucket freed by {@code kfree_rcu} is poisoned after
 * its grace period, and in the draft its {@code waitq} and {@code rcu_head} share a union, so the
 * {@code rcu_head} that {@code kfree_rcu} writes overwrites the wait queue. Accesses to freed or
 * overwritten memory are reported ({@link #kasanReports()}) and the run goes on.
 *
 * <p>Each task's {@link Task#pc() pc} and the ghost state the spec keeps (which WRITEs a syncfs
 * must cover) are updated by task-local code right after the step they belong to, which the
 * runtime makes part of that step. The public accessors read the state between steps for
 * observers such as a refinement mapping; they take no locks.
 */
public final class FuseSyncfs {
  private static final String COUNT_ZERO = "atomic_read(&bucket->count) == 0";

  private final Scheduler s;
  private final SyncfsConfig config;
  private final SyncfsVariant variant;
  private final Rcu rcu;
  private final Kasan kasan;
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  /** Every bucket allocated so far, by name: the mount's first, then one per syncfs task. */
  private final Map<String, Bucket> buckets = new LinkedHashMap<>();

  // struct fuse_conn
  private final SpinLock fcLock;
  /** fc->curr_bucket; null in v5.14. */
  private final RcuPointer<Bucket> currBucket;

  /** Replies the server has sent; RCU callbacks that have run. */
  private int serverReplies;
  private int rcuCallbacks;

  private FuseSyncfs(Scheduler s, SyncfsConfig config) {
    this.s = s;
    this.config = config;
    this.variant = config.variant();
    this.rcu = new Rcu(s);
    this.kasan = new Kasan(s);
    this.fcLock = new SpinLock(s, "fc->lock");
    config.writers().forEach(w -> tasks.put(w, new Task(w, true)));
    config.syncers().forEach(t -> tasks.put(t, new Task(t, false)));
    // fuse_fill_super_common (and fuse_conn_put's kfree at unmount, not modelled)
    this.currBucket =
        variant.usesBuckets()
            ? new RcuPointer<>(s, rcu, "fc->curr_bucket", fcLock, fuseSyncBucketAlloc(SyncfsConfig.INIT_BUCKET))
            : null;
  }

  /**
   * Builds the model on {@code scheduler} and spawns its tasks: the writeback tasks, then the
   * syncfs tasks (in configuration order). The server is an agent of the scheduler ({@link
   * SyncfsConfig#SERVER}): each queued WRITE's reply is an alternative of its own.
   */
  public static FuseSyncfs spawn(Scheduler scheduler, SyncfsConfig config) {
    FuseSyncfs fs = new FuseSyncfs(scheduler, config);
    config.writers().forEach(w -> scheduler.spawn(w, () -> fs.writeback(fs.tasks.get(w))));
    config.syncers().forEach(t -> scheduler.spawn(t, () -> fs.fuseSyncFs(fs.tasks.get(t))));
    return fs;
  }

  public SyncfsConfig config() {
    return config;
  }

  // ---- writeback --------------------------------------------------------------------------------

  /** One write request: counted in a bucket and queued, then completed after the server's reply. */
  private void writeback(Task w) {
    if (!variant.usesBuckets()) {
      fuseSendWritepage(w);
      w.pc = SyncfsPc.WAIT_REPLY;
      awaitReply(w);
      // v5.14 fuse_writepage_end: no bucket to drop
      w.pc = SyncfsPc.DONE;
      return;
    }
    fuseWritepageAddToBucket(w);
    fuseWritepageEnd(w);
  }

  /**
   * fuse_writepage_add_to_bucket: rcu_read_lock; do { wpa->bucket =
   * rcu_dereference(fc->curr_bucket); } while (!atomic_inc_not_zero(&wpa->bucket->count));
   * rcu_read_unlock. Then the WRITE goes to the server (fuse_flush_writepages ->
   * fuse_send_writepage) in the step that took the count.
   */
  private void fuseWritepageAddToBucket(Task w) {
    s.atomic(
        () -> {
          rcu.rcuReadLock();
          w.bucket = currBucket.rcuDereference();
          w.pc = SyncfsPc.INC_NOT_ZERO;
        });
    while (!bucketIncNotZero(w)) {
      // a stale bucket whose count fell to 0: reload fc->curr_bucket, still under RCU
      w.bucket = currBucket.rcuDereference();
      w.pc = SyncfsPc.INC_NOT_ZERO;
    }
  }

  /**
   * atomic_inc_not_zero(&wpa->bucket->count) (plain-inc: atomic_inc, which resurrects a dead
   * bucket); on success rcu_read_unlock and the WRITE is queued, in one step.
   */
  private boolean bucketIncNotZero(Task w) {
    Bucket b = w.bucket;
    s.atomic(
        () -> {
          boolean counted;
          if (variant.incNotZero()) {
            counted = b.count.atomicIncNotZero();
          } else {
            b.count.atomicInc();
            counted = true;
          }
          if (!counted) {
            w.pc = SyncfsPc.RCU_DEREFERENCE;
            return;
          }
          rcu.rcuReadUnlock();
          fuseSendWritepage(w);
          w.pc = SyncfsPc.WAIT_REPLY;
        });
    return w.pc == SyncfsPc.WAIT_REPLY;
  }

  /** fuse_send_writepage: the WRITE is queued for the server, which answers it at any later step. */
  private void fuseSendWritepage(Task w) {
    s.perform(
        "fuse_send_writepage(" + w.name + ")",
        Ordering.RELEASE,
        () -> {
          w.req = Req.QUEUED;
          s.defer(
              SyncfsConfig.SERVER,
              "FUSE_WRITE reply(" + w.name + ")",
              null,
              null,
              () -> {
                w.req = Req.REPLIED;
                serverReplies++;
              });
        });
  }

  /** The reply has arrived: request_end calls fuse_writepage_end. */
  private void awaitReply(Task w) {
    s.await(
        "fuse_writepage_end(" + w.name + ")",
        Ordering.FULL,
        () -> w.req == Req.REPLIED,
        () -> WaitsFor.event("the server's reply to FUSE_WRITE(" + w.name + ")"),
        () -> null);
  }

  /**
   * fuse_writepage_end -> fuse_writepage_free: "if (wpa->bucket)
   * fuse_sync_bucket_dec(wpa->bucket)" (the draft: the same decrement and wake_up, without
   * rcu_read_lock). The reply's delivery and the decrement are one step.
   */
  private void fuseWritepageEnd(Task w) {
    fuseSyncBucketDec(w, w.bucket, () -> awaitReply(w));
  }

  // ---- fuse_sync_bucket_dec ----------------------------------------------------------------------

  /**
   * fuse_sync_bucket_dec (fuse_i.h): rcu_read_lock; if (atomic_dec_and_test(&bucket->count))
   * wake_up(&bucket->waitq); rcu_read_unlock. Three steps, as the spec has them: {@code enter} (the
   * caller's step that leads here) with rcu_read_lock and the decrement (and rcu_read_unlock when
   * the count is not 0); wake_up's lock and walk; its unlock with rcu_read_unlock. The draft takes
   * no rcu_read_lock.
   */
  private void fuseSyncBucketDec(Task t, Bucket b, Runnable enter) {
    SyncfsPc after = t.writer ? SyncfsPc.DONE : SyncfsPc.KFREE_RCU;
    s.atomic(
        () -> {
          enter.run();
          if (variant.decUnderRcu()) {
            rcu.rcuReadLock();
          }
          if (b.count.atomicDecAndTest()) {
            t.pc = SyncfsPc.WAKE_UP;
            return;
          }
          if (variant.decUnderRcu()) {
            rcu.rcuReadUnlock();
          }
          t.pc = after;
        });
    if (t.pc != SyncfsPc.WAKE_UP) {
      return;
    }
    b.waitq.wakeUpLock();
    t.pc = SyncfsPc.WAKE_UP_UNLOCK;
    s.atomic(
        () -> {
          b.waitq.wakeUpUnlock();
          if (variant.decUnderRcu()) {
            rcu.rcuReadUnlock();
          }
          t.pc = after;
        });
  }

  // ---- syncfs -----------------------------------------------------------------------------------

  /**
   * fuse_sync_fs (fc->sync_fs set, wait = 1): fuse_sync_fs_writes, then FUSE_SYNCFS; v5.14 sends
   * FUSE_SYNCFS at once. Sending it is part of the step before; the wait for its reply is not
   * modelled.
   */
  private void fuseSyncFs(Task t) {
    if (!variant.usesBuckets()) {
      s.perform(
          "fuse_simple_request(FUSE_SYNCFS)",
          Ordering.FULL,
          () -> {
            recordOwed(t);
            t.req = Req.QUEUED;
          });
      t.pc = SyncfsPc.DONE;
      return;
    }
    fuseSyncFsWrites(t);
  }

  /**
   * fuse_sync_fs_writes: swap in a new bucket under fc->lock, drop the old bucket's active count,
   * wait until it drains, drop the temporary count on the new bucket, kfree_rcu the old one.
   */
  private void fuseSyncFsWrites(Task t) {
    // private memory until published: allocated without a scheduling point
    Bucket newBucket = fuseSyncBucketAlloc(t.name);
    t.newBucket = newBucket;
    s.atomic(
        () -> {
          fcLock.lock();
          Bucket bucket = currBucket.rcuDereferenceProtected();
          int count = bucket.count.atomicRead();
          recordOwed(t);
          if (!variant.draft() && count < 1) {
            throw new KernelWarning("WARN_ON(count < 1) in fuse_sync_fs_writes: " + bucket.name + " count " + count);
          }
          if (!variant.swapOld(count)) {
            // no outstanding writes
            fcLock.unlock();
            newBucket.mem.kfree();
            fuseSyncfsRequest(t);
            return;
          }
          t.bucket = bucket;
          t.pc = SyncfsPc.ASSIGN;
        });
    if (t.pc == SyncfsPc.DONE) {
      return;
    }
    Bucket bucket = t.bucket;
    if (variant.draft()) {
      s.atomic(
          () -> {
            fuseSyncFsWritesAssign(newBucket);
            // the draft drops the initial active count before spin_unlock
            bucket.count.atomicDec();
            fcLock.unlock();
            t.pc = SyncfsPc.WAIT_EVENT;
          });
    } else {
      // A release orders what precedes it only: the decrement below may reach the writers before
      // the new pointer and the unlock do (LKMM; litmus test syncfs+dec-overtakes-assign).
      s.bufferRelease(
          () -> {
            fuseSyncFsWritesAssign(newBucket);
            fcLock.unlock();
          },
          () -> t.pc = t.pc == SyncfsPc.ASSIGN_DEC_DONE ? SyncfsPc.WAIT_EVENT : SyncfsPc.ATOMIC_DEC_OLD);
      // drop the initial active count
      bucket.count.atomicDec();
      t.pc = t.pc == SyncfsPc.ASSIGN ? SyncfsPc.ASSIGN_DEC_DONE : SyncfsPc.WAIT_EVENT;
    }
    if (!config.broken(SyncfsConfig.NO_WAIT_EVENT)) {
      waitEventCountZero(t, bucket);
    }
    t.pc = SyncfsPc.DEC_AND_TEST;
    // drop the temporary count on the descendant bucket
    fuseSyncBucketDec(t, newBucket, () -> {});
    s.atomic(
        () -> {
          if (config.broken(SyncfsConfig.KFREE_NOT_RCU)) {
            bucket.mem.kfree();
          } else {
            rcu.kfreeRcu(bucket.mem, "rcu", () -> rcuCallbacks++);
          }
          fuseSyncfsRequest(t);
        });
  }

  /**
   * Under fc->lock: atomic_inc(&new_bucket->count) (completion of the new bucket depends on
   * completion of the old one), rcu_assign_pointer(fc->curr_bucket, new_bucket).
   */
  private void fuseSyncFsWritesAssign(Bucket newBucket) {
    newBucket.count.atomicInc();
    currBucket.rcuAssignPointer(newBucket);
  }

  /**
   * wait_event(bucket->waitq, atomic_read(&bucket->count) == 0), each pass of ___wait_event one
   * step (prepare_to_wait_event queues the task, then the test; finish_wait if it holds), then
   * schedule() until a wake_up took the task off the queue.
   */
  private void waitEventCountZero(Task t, Bucket bucket) {
    while (bucket.waitq.prepareToWaitEvent(COUNT_ZERO, () -> bucket.count.value() != 0, false)) {
      t.pc = SyncfsPc.SLEEP;
      bucket.waitq.schedule(COUNT_ZERO);
      t.pc = SyncfsPc.WAIT_EVENT;
    }
  }

  /** fuse_simple_request(FUSE_SYNCFS) is queued, part of the caller's step; syncfs is done. */
  private void fuseSyncfsRequest(Task t) {
    s.perform("fuse_simple_request(FUSE_SYNCFS)", Ordering.FULL, () -> t.req = Req.QUEUED);
    t.pc = SyncfsPc.DONE;
  }

  /**
   * Ghost state: the WRITEs queued and not answered when syncfs {@code t} begins, which it must
   * cover (sync_filesystem wrote the dirty pages back before calling ->sync_fs).
   */
  private void recordOwed(Task t) {
    t.owed =
        tasks.values().stream()
            .filter(w -> w.writer && w.req == Req.QUEUED)
            .map(w -> w.name)
            .collect(ImmutableSet.toImmutableSet());
  }

  /**
   * fuse_sync_bucket_alloc: kzalloc, init_waitqueue_head, atomic_set(&bucket->count, 1) ("Initial
   * active count"). The draft's waitq and rcu share a union.
   */
  private Bucket fuseSyncBucketAlloc(String name) {
    Bucket b = new Bucket(name);
    buckets.put(name, b);
    return b;
  }

  // ---- observers (between steps, no locks) ------------------------------------------------------

  /** The writeback and syncfs tasks, in configuration order. */
  public Collection<Task> tasks() {
    return tasks.values();
  }

  /** The buckets allocated so far (a syncfs task allocates its own before it takes fc->lock). */
  public Collection<Bucket> buckets() {
    return buckets.values();
  }

  /** fc->curr_bucket; empty in v5.14. */
  public Optional<Bucket> currBucket() {
    return currBucket == null ? Optional.empty() : Optional.of(currBucket.get());
  }

  /** The holder of fc->lock. */
  public Optional<String> fcLockOwner() {
    return fcLock.owner();
  }

  public Rcu rcu() {
    return rcu;
  }

  public int serverReplies() {
    return serverReplies;
  }

  public int rcuCallbacks() {
    return rcuCallbacks;
  }

  /** Use-after-free and union-overwrite reports so far, in order. */
  public ImmutableList<String> kasanReports() {
    return kasan.reports();
  }

  // ---- objects ----------------------------------------------------------------------------------

  /** struct fuse_sync_bucket { atomic_t count; wait_queue_head_t waitq; struct rcu_head rcu; }. */
  public final class Bucket {
    private final String name;
    private final Kasan.Allocation mem;
    private final AtomicT count;
    private final WaitQueue waitq;

    Bucket(String name) {
      this.name = name;
      this.mem =
          kasan.kzalloc(
              name, variant.unionWaitqRcu() ? List.of(ImmutableSet.of("waitq", "rcu")) : List.of());
      this.count = new AtomicT(s, name + "->count", "bucket->count", 1, mem.field("count"));
      this.waitq = new WaitQueue(s, name + "->waitq", "bucket->waitq", mem.field("waitq"));
    }

    public String name() {
      return name;
    }

    public Kasan.Allocation mem() {
      return mem;
    }

    /** bucket->count, read between steps. */
    public int count() {
      return count.value();
    }

    public WaitQueue waitq() {
      return waitq;
    }
  }

  /** A request's state at the server. */
  public enum Req {
    NONE,
    QUEUED,
    REPLIED
  }

  /** A task's kernel locals that the spec names, and where it is. */
  public static final class Task {
    private final String name;
    private final boolean writer;
    private SyncfsPc pc = SyncfsPc.IDLE;
    /** Writer: wpa->bucket. Syncfs: fuse_sync_fs_writes' local {@code bucket} (the old one). */
    private Bucket bucket;
    /** Syncfs: new_bucket. */
    private Bucket newBucket;
    /** The task's WRITE, or its FUSE_SYNCFS. */
    private Req req = Req.NONE;
    /** Syncfs, ghost: the WRITEs queued and unanswered when it began. */
    private ImmutableSet<String> owed = ImmutableSet.of();

    Task(String name, boolean writer) {
      this.name = name;
      this.writer = writer;
    }

    public String name() {
      return name;
    }

    public boolean writer() {
      return writer;
    }

    public SyncfsPc pc() {
      return pc;
    }

    /** wpa->bucket (writer) or the old bucket (syncfs), as last set; null if none yet. */
    public Bucket bucket() {
      return bucket;
    }

    /** Syncfs: its new_bucket, allocated when it starts; null for a writer. */
    public Bucket newBucket() {
      return newBucket;
    }

    public Req req() {
      return req;
    }

    public ImmutableSet<String> owed() {
      return owed;
    }
  }
}

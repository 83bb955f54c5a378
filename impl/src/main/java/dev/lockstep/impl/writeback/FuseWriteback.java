package dev.lockstep.impl.writeback;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.impl.runtime.Folio;
import dev.lockstep.impl.runtime.Ordering;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.SharedVariable;
import dev.lockstep.impl.runtime.WaitsFor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/**
 * FUSE writeback-cache writeback of one page ({@code fs/fuse/file.c}) with {@code sync(2)} on top ({@code
 * wait_sb_inodes}, {@code fuse_sync_fs}), on the deterministic runtime: the page-cache folio and the PTE of a shared
 * mmap, the inode's {@code fi->writepages} tree, the connection's queue of sent requests, the sync buckets, and the
 * tasks of specs/writeback/FuseWriteback.tla: an mmap writer, a write(2) caller, direct readers whose completion
 * stores into a pinned page, the flusher, one sync and two server threads that reply in any order and keep the file
 * as a version number per page. Methods are the kernel's functions; {@link WritebackDesign} selects the code. Each
 * spec action is one step (an {@linkplain Scheduler#atomic atomic section} whose first operation carries the action's
 * guard); the package documentation has the table.
 *
 * <p>The page content is a version number: every store, write(2) copy and read completion adds one. A temp-page
 * request carries the version at the copy; a request that references the page carries the page, so the server reads
 * whatever it holds when it copies the request out. Torn writes and stale overwrites are thus observable in Java.
 *
 * <p>The public accessors read the state between steps, for observers such as a refinement mapping.
 */
public final class FuseWriteback {
  /** Where a request is: the spec's {@code st}. */
  public enum ReqState {
    /** Built by fuse_writepages_fill, not yet sent (the writer's {@code data->wpa}). */
    FILLED("filled"),
    /** A secondary request on {@code wpa->next}, not in the tree. */
    QUEUED("queued"),
    /** Queued to the server (fuse_flush_writepages). */
    SENT("sent"),
    /** A server thread is copying it out. */
    READING("reading");

    private final String specName;

    ReqState(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }
  }

  /** {@code struct fuse_sync_bucket}: requests counted while it was {@code fc->curr_bucket}, plus one active count. */
  public static final class SyncBucket {
    private int count = 1;

    public int count() {
      return count;
    }
  }

  /**
   * {@code struct fuse_writepage_args} for the page: the version its temp page holds (or the page held at the fill,
   * for a request that references the page), whether it references the page-cache page itself, its state, its sync
   * bucket ({@code null} when {@code fuse_writepage_add_to_bucket} does nothing), the data the server copied out, and
   * {@code wpa->next}. Identity matters: two requests may look alike.
   */
  public static final class Wpa {
    private int ver;
    private final boolean ref;
    private ReqState st;
    private final SyncBucket bucket;
    private int data;
    private Wpa next;

    private Wpa(int ver, boolean ref, ReqState st, SyncBucket bucket) {
      this.ver = ver;
      this.ref = ref;
      this.st = st;
      this.bucket = bucket;
      this.data = ver;
    }

    public int ver() {
      return ver;
    }

    public boolean ref() {
      return ref;
    }

    public ReqState st() {
      return st;
    }

    public SyncBucket bucket() {
      return bucket;
    }

    public int data() {
      return data;
    }

    /** The request as a server thread's option names it: what it carries. */
    @Override
    public String toString() {
      return ref ? "WRITE of the page" : "WRITE of a copy at version " + ver;
    }
  }

  private final Scheduler s;
  private final WritebackConfig config;
  private final WritebackDesign design;
  private final Folio folio;
  /** The inode's {@code i_count}: declared for the fully ordered drop in {@code iput} (wait_sb_inodes). */
  private final SharedVariable inodeCount;
  /** The page's content (a version number); changes only in effects. */
  private int contents;
  /** The shared mmap's PTE for the page is writable. */
  private boolean pteWritable;
  /** {@code fi->writepages}: temp-page requests in flight (their secondaries hang on {@code wpa->next}). */
  private final List<Wpa> writepages = new ArrayList<>();
  /** Requests queued to the server and not yet read by a server thread. */
  private final Deque<Wpa> pending = new ArrayDeque<>();
  /** The writer inside fuse_writepages for the inode ({@code I_SYNC}), or null. */
  private String iSync;
  /** Each writer's {@code data->wpa}: filled, not yet sent. */
  private final Map<String, Wpa> fillData = new LinkedHashMap<>();
  /** The request each server thread is serving. */
  private final Map<String, Wpa> serving = new LinkedHashMap<>();
  /** The server's file: the version of the page it holds. */
  private int serverFile;
  private final SyncBucket firstBucket = new SyncBucket();
  /** {@code fc->curr_bucket}. */
  private SyncBucket currBucket = firstBucket;
  /** Ghost: the page content when sync started (what it must make persistent). */
  private int syncVer;
  /** Each actor's pc, as the spec names it; updated by task-local code right after the step it belongs to. */
  private final Map<String, String> pc = new LinkedHashMap<>();
  /** Tasks that have returned. */
  private final Set<String> finished = new LinkedHashSet<>();
  /** Writeback passes the flusher has made. */
  private int flusherPasses;

  private FuseWriteback(Scheduler s, WritebackConfig config) {
    this.s = s;
    this.config = config;
    this.design = config.design();
    // a failed test_and_set_bit is fully ordered from v6.0 (415d83249709); 5.15 stands for v5.15-v6.15: the weaker
    this.folio = new Folio(s, "folio", config.kernel() >= 600);
    this.inodeCount = SharedVariable.lockless(s, "inode->i_count", "inode->i_count");
    pc.put(WritebackConfig.APP, storePc(1));
    pc.put(WritebackConfig.WRITE, config.writes() == 0 ? "done" : writePc(1));
    for (int i = 1; i <= config.reads(); i++) {
      pc.put(WritebackConfig.gup(i), "gup");
    }
    for (String a : List.of(WritebackConfig.FLUSHER, WritebackConfig.SYNC, WritebackConfig.SERVER1,
        WritebackConfig.SERVER2)) {
      pc.put(a, "idle");
    }
  }

  /** Builds the model on {@code scheduler} and spawns its tasks (write(2) only if it makes calls). */
  public static FuseWriteback spawn(Scheduler scheduler, WritebackConfig config) {
    FuseWriteback wb = new FuseWriteback(scheduler, config);
    for (String actor : actors(config)) {
      scheduler.spawn(actor, () -> {
        wb.run(actor);
        wb.finished.add(actor);
      });
    }
    return wb;
  }

  /** The tasks of {@code config} in spawn order. */
  public static ImmutableList<String> actors(WritebackConfig config) {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    out.add(WritebackConfig.APP);
    if (config.writes() > 0) {
      out.add(WritebackConfig.WRITE);
    }
    for (int i = 1; i <= config.reads(); i++) {
      out.add(WritebackConfig.gup(i));
    }
    return out.add(WritebackConfig.FLUSHER, WritebackConfig.SYNC, WritebackConfig.SERVER1, WritebackConfig.SERVER2)
        .build();
  }

  private void run(String actor) {
    switch (actor) {
      case WritebackConfig.APP -> {
        for (int k = 1; k <= config.stores(); k++) {
          mmapStore(k);
        }
      }
      case WritebackConfig.WRITE -> {
        for (int k = 1; k <= config.writes(); k++) {
          genericPerformWrite(k);
        }
      }
      case WritebackConfig.FLUSHER -> wbWorkfn();
      case WritebackConfig.SYNC -> syncFilesystem();
      case WritebackConfig.SERVER1, WritebackConfig.SERVER2 -> fuseServer(actor);
      default -> {
        getUserPages(actor);
        fuseReleaseUserPages(actor);
      }
    }
  }

  static String storePc(int k) {
    return "store" + k;
  }

  static String writePc(int k) {
    return "write" + k;
  }

  // ---- the mmap writer and the direct readers: the fault path ----------------------------------

  /** The k-th store through the mmap: it stores if the PTE is writable, else faults and retries. */
  private void mmapStore(int k) {
    while (true) {
      boolean stored = s.step("store(" + storePc(k) + ")", Ordering.RELAXED, () -> {
        if (!pteWritable) {
          return false; // handle_mm_fault -> do_wp_page: write-protected
        }
        contents++;
        return true;
      });
      if (stored) {
        pc.put(WritebackConfig.APP, k == config.stores() ? "done" : storePc(k + 1));
        return;
      }
      pc.put(WritebackConfig.APP, "mkwrite" + k);
      fusePageMkwrite();
      pc.put(WritebackConfig.APP, storePc(k));
    }
  }

  /**
   * do_page_mkwrite -> fuse_page_mkwrite, then fault_dirty_shared_page and wp_page_reuse: one step, as in the spec.
   * The design's wait comes first; the kernel takes the folio lock before it, but in this model the folio lock is
   * never held between steps, so waiting before it or under it admits the same interleavings.
   */
  private void fusePageMkwrite() {
    s.atomic(() -> {
      switch (design) {
        case TEMP_PAGES, TEMP_PAGES_NO_CHAIN -> fuseWaitOnPageWriteback();
        // folio_wait_stable: waits only if the mapping needs stable writes, which FUSE never sets
        case RFC_NO_TEMP -> { }
        case UPSTREAM -> folio.waitWriteback();
      }
      folio.lock();
      folio.markDirty();
      s.perform("wp_page_reuse(pte writable)", Ordering.RELAXED, () -> pteWritable = true);
      folio.unlock();
    });
  }

  /** get_user_pages(FOLL_WRITE): pins the page if its PTE is writable, else faults it writable and retries. */
  private void getUserPages(String g) {
    while (true) {
      boolean pinned = s.step("get_user_pages(FOLL_WRITE)", Ordering.RELAXED, () -> pteWritable);
      if (pinned) {
        pc.put(g, "read");
        return;
      }
      pc.put(g, "gup_mkwrite");
      fusePageMkwrite();
      pc.put(g, "gup");
    }
  }

  /**
   * The direct read's data lands in the pinned page (fuse_copy_page, through the kernel mapping) and
   * fuse_release_user_pages re-dirties it with set_page_dirty_lock: no page_mkwrite, whatever writeback does.
   */
  private void fuseReleaseUserPages(String g) {
    s.atomic(() -> {
      s.perform("fuse_copy_page(pinned page)", Ordering.RELAXED, () -> contents++);
      folio.lock();
      folio.markDirty();
      folio.unlock();
    });
    pc.put(g, "done");
  }

  // ---- write(2) --------------------------------------------------------------------------------

  /**
   * generic_perform_write for the k-th write(2): fuse_write_begin (temp pages and the RFC wait with
   * fuse_wait_on_page_writeback; at v6.16 FGP_WRITEBEGIN's folio_wait_stable returns at once), the copy from the
   * user buffer, fuse_write_end (folio_mark_dirty, unlock). One step, as in the spec.
   */
  private void genericPerformWrite(int k) {
    s.atomic(() -> {
      if (design != WritebackDesign.UPSTREAM) {
        fuseWaitOnPageWriteback();
      }
      folio.lock();
      s.perform("copy_page_from_iter_atomic", Ordering.RELAXED, () -> contents++);
      folio.markDirty();
      folio.unlock();
    });
    pc.put(WritebackConfig.WRITE, k == config.writes() ? "done" : writePc(k + 1));
  }

  /** fuse_wait_on_page_writeback: wait_event(fi->page_waitq, !fuse_page_is_writeback). */
  private void fuseWaitOnPageWriteback() {
    s.await("fuse_wait_on_page_writeback", Ordering.FULL, () -> !fusePageIsWriteback(),
        () -> WaitsFor.event("fuse_writepage_finish: wake_up(fi->page_waitq)"), () -> null);
  }

  /** fuse_page_is_writeback -> fuse_find_writeback: a request for the page is in fi->writepages. */
  private boolean fusePageIsWriteback() {
    return !writepages.isEmpty();
  }

  // ---- writeback: the flusher (WB_SYNC_NONE) and sync (WB_SYNC_ALL) -----------------------------

  /**
   * The flusher: wb_workfn writes the inode back whenever write_cache_pages would find the page dirty and not under
   * writeback and no other writer holds I_SYNC (WB_SYNC_NONE skips the inode or the page otherwise). It returns when
   * the page is clean and no task can dirty it any more, or after the configuration's {@link
   * WritebackConfig#flusherPasses} (by default as often as the spec's flusher: any number of times).
   */
  private void wbWorkfn() {
    while (flusherPasses < config.flusherPasses()) {
      boolean[] found = {false};
      s.atomic(() -> {
        found[0] = s.await("wb_writeback(WB_SYNC_NONE)", Ordering.ACQUIRE,
            () -> mayWriteBack() || !folio.dirty() && producersDone(),
            () -> WaitsFor.event("a dirty page not under writeback, I_SYNC free"),
            () -> mayWriteBack() && takeISync(WritebackConfig.FLUSHER));
        if (found[0]) {
          writeCachePage(WritebackConfig.FLUSHER);
        }
      });
      if (!found[0]) {
        return;
      }
      flusherPasses++;
      pc.put(WritebackConfig.FLUSHER, "send");
      fuseWritepagesSend(WritebackConfig.FLUSHER);
    }
  }

  private boolean mayWriteBack() {
    return iSync == null && folio.dirty() && !folio.writeback();
  }

  private boolean takeISync(String writer) {
    iSync = writer;
    return true;
  }

  private boolean producersDone() {
    return pc.entrySet().stream().filter(e -> !isWriter(e.getKey()) && !isServer(e.getKey()))
        .allMatch(e -> e.getValue().equals("done"));
  }

  private static boolean isWriter(String actor) {
    return actor.equals(WritebackConfig.FLUSHER) || actor.equals(WritebackConfig.SYNC);
  }

  private static boolean isServer(String actor) {
    return actor.equals(WritebackConfig.SERVER1) || actor.equals(WritebackConfig.SERVER2);
  }

  /**
   * write_cache_pages for the page, under the folio lock: folio_clear_dirty_for_io (its folio_mkclean
   * write-protects the PTE), fuse_writepages_fill, folio_unlock.
   */
  private void writeCachePage(String writer) {
    folio.lock();
    folio.clearDirtyForIo();
    s.perform("folio_mkclean", Ordering.RELAXED, () -> pteWritable = false);
    fuseWritepagesFill(writer);
    folio.unlock();
  }

  /**
   * fuse_writepages_fill: folio_start_writeback and a new request holding a temp-page copy (temp pages, inserted in
   * fi->writepages) or the page itself. With the chain, a page still in the tree becomes a secondary request
   * instead (fuse_writepage_add) and the page's writeback ends at once.
   */
  private void fuseWritepagesFill(String writer) {
    folio.startWriteback();
    boolean chained = s.step("fuse_writepages_fill", Ordering.RELAXED, () -> {
      if (design == WritebackDesign.TEMP_PAGES && fusePageIsWriteback()) {
        fuseWritepageAdd();
        return true;
      }
      Wpa wpa = new Wpa(contents, !design.tempPages(), ReqState.FILLED, fuseWritepageAddToBucket());
      if (design.tempPages()) {
        writepages.add(wpa);
      }
      fillData.put(writer, wpa);
      return false;
    });
    if (chained) {
      folio.endWriteback();
    }
  }

  /**
   * fuse_writepage_add (fuse_writepage_in_flight before v5.4), for a page whose request is in flight: a secondary
   * request already chained on {@code wpa->next} gets the new temp page (8b284dc47291); otherwise the new request is
   * chained after the one in flight.
   */
  private void fuseWritepageAdd() {
    Wpa old = writepages.get(0);
    // One page: any secondary on the chain is this page's.
    Wpa tmp = old.next;
    if (tmp != null) {
      tmp.ver = contents;
      tmp.data = contents;
      return;
    }
    Wpa wpa = new Wpa(contents, false, ReqState.QUEUED, fuseWritepageAddToBucket());
    wpa.next = old.next;
    old.next = wpa;
  }

  /** Counts a new request in fc->curr_bucket when fc->sync_fs is set (virtiofs, v5.15 on); else does nothing. */
  private SyncBucket fuseWritepageAddToBucket() {
    if (!config.syncFsWaitsForWrites()) {
      return null;
    }
    currBucket.count++;
    return currBucket;
  }

  /**
   * fuse_writepages_send: the filled request goes on fi->queued_writes and fuse_flush_writepages sends it; with temp
   * pages end_page_writeback follows at once. fuse_writepages returns and I_SYNC is cleared.
   */
  private void fuseWritepagesSend(String writer) {
    s.atomic(() -> {
      Wpa wpa = s.step("fuse_writepages_send", Ordering.RELAXED, () -> {
        Wpa w = fillData.remove(writer);
        if (w != null) {
          w.st = ReqState.SENT;
          pending.addLast(w);
        }
        return w;
      });
      if (wpa != null && design.tempPages()) {
        folio.endWriteback();
      }
      s.perform("inode_sync_complete", Ordering.RELEASE, () -> iSync = null);
    });
    pc.put(writer, writer.equals(WritebackConfig.FLUSHER) ? "idle" : "wait_sb_inodes");
  }

  /** sync(2) on the file system, once: sync_filesystem with wait = 1. */
  private void syncFilesystem() {
    s.perform("sync_filesystem", Ordering.FULL, () -> syncVer = contents);
    pc.put(WritebackConfig.SYNC, "sync_inodes");
    syncInodesSb();
    waitSbInodes();
    fuseSyncFs();
  }

  /**
   * sync_inodes_sb's WB_SYNC_ALL writeback: waits for I_SYNC and for a dirty page's writeback to end, then writes the
   * page back if it is dirty.
   */
  private void syncInodesSb() {
    boolean[] dirty = {false};
    s.atomic(() -> {
      dirty[0] = s.await("sync_inodes_sb(WB_SYNC_ALL)", Ordering.ACQUIRE,
          () -> iSync == null && !(folio.dirty() && folio.writeback()),
          () -> WaitsFor.event("I_SYNC free and the dirty page's writeback ended"),
          () -> folio.dirty() && takeISync(WritebackConfig.SYNC));
      if (dirty[0]) {
        writeCachePage(WritebackConfig.SYNC);
      }
    });
    if (!dirty[0]) {
      pc.put(WritebackConfig.SYNC, "wait_sb_inodes");
      return;
    }
    pc.put(WritebackConfig.SYNC, "sync_send");
    fuseWritepagesSend(WritebackConfig.SYNC);
  }

  /**
   * wait_sb_inodes: waits for PG_writeback (filemap_fdatawait_keep_errors), then iput(inode); from v6.19
   * (f9a49aa302a0) it skips AS_NO_DATA_INTEGRITY mappings. iput drops the reference wait_sb_inodes took with a fully
   * ordered atomic whichever way it goes (atomic_dec_and_lock: atomic_add_unless(&inode->i_count, -1, 1), else
   * spin_lock and atomic_dec_and_test; later kernels inline the same in iput): the fence that orders sync's later
   * accesses (fuse_sync_fs' bucket count) after the writeback it saw end. The kernel has a second way past: a mapping
   * no longer tagged PAGECACHE_TAG_WRITEBACK at wait_sb_inodes' check is skipped (no wait, no iput); that test is
   * followed by spin_unlock_irq(&sb->s_inode_wblist_lock) and, before the count is read, spin_lock(&fc->lock), an
   * unlock and a lock on one CPU, which order it as well (po-unlock-lock-po). The model has one test for both.
   */
  private void waitSbInodes() {
    if (config.waitSbInodesSkipsFuse()) {
      s.perform("wait_sb_inodes(AS_NO_DATA_INTEGRITY: skipped)", Ordering.FULL, () -> { });
    } else {
      folio.waitWriteback(() -> inodeCount.marked(SharedVariable.Kind.RMW, Ordering.FULL));
    }
    pc.put(WritebackConfig.SYNC, "sync_fs");
  }

  /**
   * fuse_sync_fs(sb, 1): returns at once unless fc->sync_fs (virtiofs) on v5.15 or later; then
   * fuse_sync_fs_writes installs a new bucket, drops the old one's active count and waits until it reaches zero.
   */
  private void fuseSyncFs() {
    if (!config.syncFsWaitsForWrites()) {
      s.perform("fuse_sync_fs(returns at once)", Ordering.FULL, () -> { });
      pc.put(WritebackConfig.SYNC, "done");
      return;
    }
    SyncBucket old = s.step("fuse_sync_fs_writes(swap fc->curr_bucket)", Ordering.FULL, () -> {
      SyncBucket b = currBucket;
      currBucket = new SyncBucket();
      b.count--;
      return b;
    });
    pc.put(WritebackConfig.SYNC, "sync_wait");
    s.await("wait_event(bucket->waitq, count == 0)", Ordering.FULL, () -> old.count == 0,
        () -> WaitsFor.event("fuse_sync_bucket_dec of the old bucket's requests"), () -> null);
    pc.put(WritebackConfig.SYNC, "done");
  }

  // ---- the server ------------------------------------------------------------------------------

  /**
   * A server thread: takes any sent request (fuse_dev_do_read: the data is copied out now; which one a thread gets
   * depends on the transport's queues and the threads' timing), writes it to its file and replies (fuse_dev_do_write
   * -> fuse_writepage_end). Two threads reply in any order. It returns when no request is left and none can come.
   */
  private void fuseServer(String name) {
    while (true) {
      Optional<Wpa> read = s.choose("fuse_dev_do_read", Ordering.ACQUIRE, this::serverOptions,
          o -> o.map(Wpa::toString).orElse("no more requests"), () -> WaitsFor.event("a sent WRITE"));
      if (read.isEmpty()) {
        return;
      }
      Wpa r = read.get();
      pending.remove(r);
      r.st = ReqState.READING;
      r.data = r.ref ? contents : r.ver;
      serving.put(name, r);
      pc.put(name, "reply");
      s.atomic(() -> {
        s.perform("fuse_dev_do_write(pwrite to the server's file)", Ordering.RELAXED, () -> {
          serverFile = r.data;
          serving.remove(name);
        });
        fuseWritepageEnd(r);
      });
      pc.put(name, "idle");
    }
  }

  /** A server thread's options: each sent request, or returning once there is nothing left to serve. */
  private List<Optional<Wpa>> serverOptions() {
    if (pending.isEmpty()) {
      return nothingLeftToServe() ? List.of(Optional.empty()) : List.of();
    }
    return pending.stream().map(Optional::of).toList();
  }

  private boolean nothingLeftToServe() {
    boolean syncWroteBack = !List.of("idle", "sync_inodes", "sync_send").contains(pc.get(WritebackConfig.SYNC));
    return finished.contains(WritebackConfig.FLUSHER) && syncWroteBack && writepages.isEmpty() && pending.isEmpty()
        && serving.isEmpty() && fillData.isEmpty();
  }

  /**
   * fuse_writepage_end: with temp pages the request leaves fi->writepages and its secondary on wpa->next is sent
   * (fuse_send_writepage) and takes its place; without, fuse_writepage_finish ends the folio's writeback.
   * fuse_writepage_free drops the request's bucket count (fuse_sync_bucket_dec, which wakes the sync waiter at zero).
   */
  private void fuseWritepageEnd(Wpa r) {
    s.perform("fuse_writepage_end", Ordering.RELAXED, () -> {
      if (design.tempPages()) {
        writepages.remove(r);
        Wpa next = r.next;
        if (next != null) {
          r.next = next.next;
          next.next = null;
          next.st = ReqState.SENT;
          pending.addLast(next);
          writepages.add(next);
        }
      }
      if (r.bucket != null) {
        r.bucket.count--;
      }
    });
    if (!design.tempPages()) {
      folio.endWriteback();
    }
  }

  // ---- observers (between steps) ---------------------------------------------------------------

  public WritebackConfig config() {
    return config;
  }

  public ImmutableMap<String, String> pc() {
    return ImmutableMap.copyOf(pc);
  }

  public int contents() {
    return contents;
  }

  public Folio folio() {
    return folio;
  }

  public boolean pteWritable() {
    return pteWritable;
  }

  /** Every request that has not completed, each once: filled, in the tree or on a chain, sent, being served. */
  public ImmutableList<Wpa> requests() {
    Set<Wpa> all = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Wpa> out = new ArrayList<>();
    List<Wpa> roots = new ArrayList<>(fillData.values());
    roots.addAll(writepages);
    roots.addAll(pending);
    roots.addAll(serving.values());
    for (Wpa w : roots) {
      for (Wpa x = w; x != null; x = x.next) {
        if (all.add(x)) {
          out.add(x);
        }
      }
    }
    return ImmutableList.copyOf(out);
  }

  /** The request each writer filled and will send. */
  public ImmutableMap<String, Wpa> fillData() {
    return ImmutableMap.copyOf(fillData);
  }

  /** The request each server thread serves. */
  public ImmutableMap<String, Wpa> serving() {
    return ImmutableMap.copyOf(serving);
  }

  public int serverFile() {
    return serverFile;
  }

  public int syncVer() {
    return syncVer;
  }

  /** The spec's {@code bucket}: 0 while fc->curr_bucket is the first bucket, 1 after sync's swap. */
  public int bucketIndex(SyncBucket b) {
    return b == null || b == firstBucket ? 0 : 1;
  }

  public SyncBucket currBucket() {
    return currBucket;
  }

  public int flusherPasses() {
    return flusherPasses;
  }

  public ImmutableSet<String> finished() {
    return ImmutableSet.copyOf(finished);
  }
}

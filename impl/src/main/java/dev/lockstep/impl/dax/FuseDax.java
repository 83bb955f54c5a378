package dev.lockstep.impl.dax;

import static com.google.common.base.Preconditions.checkState;
import static dev.lockstep.impl.dax.DaxState.NONE;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.lockstep.impl.runtime.AtomicT;
import dev.lockstep.impl.runtime.DaxEntryLock;
import dev.lockstep.impl.runtime.Ordering;
import dev.lockstep.impl.runtime.RefcountT;
import dev.lockstep.impl.runtime.RwSemaphore;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.SpinLock;
import dev.lockstep.impl.runtime.WaitQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * virtiofs DAX window reclaim ({@code fs/fuse/dax.c}) on the deterministic runtime: one object per
 * FUSE connection ({@code struct fuse_conn_dax}), its inodes and dmaps, the reader and faulter
 * tasks and the reclaim worker. Every scheduling point corresponds to one action of
 * specs/dax/DaxReclaim.tla or changes nothing the spec sees; the package documentation has the
 * table. {@link #snapshot()} gives the state as the spec's variables.
 *
 * <p>The ghost fields of {@link Actor} ({@code pc}, {@code accessesLeft}, ...) are exactly the
 * spec's per-task variables; most are also the kernel's locals ({@code iomap->private}, {@code
 * alloc_dmap}, {@code start_idx}). They are updated by task-local code right after the step they
 * belong to, which the runtime makes part of that step.
 */
public final class FuseDax {
  private static final String RANGE_FREE = "nr_free_ranges > 0";

  private final Scheduler s;
  private final DaxConfig config;
  private final DaxVariant variant;
  private final Map<String, Actor> actors = new LinkedHashMap<>();
  private final Actor worker;
  private final Map<String, Inode> inodes = new LinkedHashMap<>();
  private final Map<String, Dmap> dmaps = new LinkedHashMap<>();

  // struct fuse_conn_dax
  private final SpinLock fcdLock;
  private final ArrayDeque<Dmap> freeRanges = new ArrayDeque<>();
  private final List<Dmap> busyRanges = new ArrayList<>();
  private int nrFreeRanges;
  private final WaitQueue rangeWaitq;

  // try_to_free_dmap_chunks: the inode igrab()bed by the worker
  private Inode workerInode;

  private FuseDax(Scheduler s, DaxConfig config) {
    this.s = s;
    this.config = config;
    this.variant = config.variant();
    this.fcdLock = new SpinLock(s, "fcd->lock");
    this.rangeWaitq = new WaitQueue(s, "fcd->range_waitq");
    config.inodes().forEach(i -> inodes.put(i, new Inode(i)));
    config.dmaps().forEach(d -> dmaps.put(d, new Dmap(d)));
    for (Dmap d : dmaps.values()) {
      FileRange w = config.initialMapping().get(d.name);
      if (w == null) {
        freeRanges.addLast(d);
        nrFreeRanges++;
      } else {
        d.inode = inodes.get(w.inode());
        d.start = w.range();
        d.inode.tree.put(d.start, d);
        busyRanges.add(d);
      }
    }
    config.readers().forEach((name, plan) -> actors.put(name, new Actor(name, false, plan.size())));
    config.faulters().forEach((name, plan) -> actors.put(name, new Actor(name, true, plan.size())));
    this.worker = new Actor(DaxConfig.WORKER, false, 0);
  }

  /**
   * Builds the model on {@code scheduler} and spawns its tasks: readers, faulters (in
   * configuration order), then the worker, which runs {@code fuse_dax_free_mem_worker} again and
   * again until every access has completed.
   */
  public static FuseDax spawn(Scheduler scheduler, DaxConfig config) {
    FuseDax dax = new FuseDax(scheduler, config);
    config.readers().forEach((name, plan) -> scheduler.spawn(name, () -> dax.reader(name, plan)));
    config.faulters().forEach((name, plan) -> scheduler.spawn(name, () -> dax.faulter(name, plan)));
    scheduler.spawn(DaxConfig.WORKER, dax::worker);
    return dax;
  }

  public DaxConfig config() {
    return config;
  }

  // ---- tasks ------------------------------------------------------------------------------------

  private void reader(String name, List<FileRange> plan) {
    Actor t = actors.get(name);
    plan.forEach(r -> fuseDaxReadIter(t, r));
  }

  private void faulter(String name, List<FileRange> plan) {
    Actor t = actors.get(name);
    plan.forEach(r -> fuseDaxFault(t, r));
  }

  private void worker() {
    while (actors.values().stream().anyMatch(a -> a.accessesLeft > 0)) {
      fuseDaxFreeMemWorker();
    }
  }

  // ---- read path --------------------------------------------------------------------------------

  /** fuse_dax_read_iter: inode_lock_shared, then dax_iomap_rw over one 2 MiB range. */
  private void fuseDaxReadIter(Actor t, FileRange r) {
    Inode inode = inodes.get(r.inode());
    inode.iRwsem.downRead();
    t.startAccess(inode, r.range(), "iomap_begin");
    daxIomapBegin(t);
    // dax_iomap_actor: the copy out of the window is a plain access, performed when the
    // schedule says so; fuse_iomap_end's decrement may or may not wait for it.
    Dmap d = t.iomapPrivate;
    t.windowInFlight = true;
    s.access("copy_to_user(" + d.name + ")", () -> windowAccessDone(t));
    fuseIomapEnd(t);
  }

  /**
   * __fuse_dax_fault -> dax_iomap_fault for one page of a 2 MiB range: invalidate_lock shared,
   * the locked DAX entry, fuse_iomap_begin; after -EAGAIN and the wait for a free range, again.
   */
  private void fuseDaxFault(Actor t, FileRange r) {
    Inode inode = inodes.get(r.inode());
    inode.invalidateLock.downRead();
    t.startAccess(inode, r.range(), "grab_entry");
    while (true) {
      inode.entry(r.range()).lock();
      t.pc = "iomap_begin";
      if (daxIomapBegin(t)) {
        break;
      }
      inode.invalidateLock.downRead();
      t.pc = "grab_entry";
    }
    Dmap d = t.iomapPrivate;
    t.windowInFlight = true;
    s.access("vmf_insert_mixed(" + d.name + ")", () -> windowAccessDone(t));
    fuseIomapEnd(t);
  }

  /** CopyToUser / VmfInsertMixed: the task's access to the window has performed. */
  private void windowAccessDone(Actor t) {
    t.windowInFlight = false;
    t.pc =
        switch (t.pc) {
          case "copy", "insert_pfn" -> "iomap_end";
          case "copy_dec_visible" -> "iomap_end_dec_visible";
          default -> throw new IllegalStateException(t.name + ": window access at pc " + t.pc);
        };
  }

  /**
   * fuse_iomap_begin and the allocation behind it, until the range is mapped (pc "copy" /
   * "insert_pfn"). Returns false when a fault must retry from filemap_invalidate_lock_shared.
   */
  private boolean daxIomapBegin(Actor t) {
    while (fuseIomapBegin(t) == null) {
      if (fuseSetupNewDaxMapping(t)) {
        return true;
      }
      if (t.pc.equals("invalidate_lock_shared")) {
        return false;
      }
    }
    return true;
  }

  /**
   * FuseIomapBegin: down_read(dax->sem), interval tree lookup, fuse_fill_iomap on a hit, up_read.
   * Returns the dmap, or null on a miss (pc "alloc").
   */
  private Dmap fuseIomapBegin(Actor t) {
    Inode inode = t.inode;
    s.atomic(
        () -> {
          inode.daxSem.downRead();
          Dmap d = inode.tree.get(t.range);
          if (d != null) {
            fuseFillIomap(t, d);
          }
          inode.daxSem.upRead();
          t.pc = d != null ? t.usePc() : "alloc";
        });
    return t.pc.equals("alloc") ? null : t.iomapPrivate;
  }

  /** fuse_fill_iomap: take a reference (the variant's count) and set iomap->private. */
  private void fuseFillIomap(Actor t, Dmap d) {
    d.get();
    t.iomapPrivate = d;
  }

  /**
   * fuse_setup_new_dax_mapping: get a free range (alloc_dax_mapping for faults,
   * alloc_dax_mapping_reclaim for reads), then map it. Returns true when mapped; false when the
   * caller must retry (pc "iomap_begin" for a 2019 read, "invalidate_lock_shared" for a fault).
   */
  private boolean fuseSetupNewDaxMapping(Actor t) {
    while (true) {
      switch (allocDaxMapping(t)) {
        case ALLOCATED -> {
          fuseSetupNewDaxMappingLocked(t);
          return true;
        }
        case WAIT -> {
          waitEventRangeWaitq(t);
          if (!t.pc.equals("alloc")) {
            return false;
          }
        }
        case STEAL -> {
          if (inodeInlineReclaimOneDmap(t)) {
            fuseSetupNewDaxMappingLocked(t);
            return true;
          }
        }
      }
    }
  }

  private enum Alloc {
    ALLOCATED,
    WAIT,
    STEAL
  }

  /**
   * AllocDaxMapping: under fcd->lock take the first free range. If there is none, the same step
   * does what the caller does next (AllocFailed in the spec): a fault in fault-wait-retry unlocks
   * its DAX entry and invalidate_lock; a task that will sleep queues on range_waitq; a task whose
   * inode owns ranges goes to inline reclaim instead (upstream reads, v1 faults).
   */
  private Alloc allocDaxMapping(Actor t) {
    Alloc[] result = new Alloc[1];
    s.atomic(
        () -> {
          fcdLock.lock();
          Dmap d = freeRanges.pollFirst();
          if (d != null) {
            nrFreeRanges--;
          }
          fcdLock.unlock();
          if (d != null) {
            t.allocDmap = d;
            t.pc = "setup";
            result[0] = Alloc.ALLOCATED;
            return;
          }
          boolean ownsRange = t.inode.nr() > 0;
          if (!variant.tree2019() && ownsRange && (!t.faulter || variant.faultInline())) {
            t.pc = t.faulter ? "inline_lookup" : "inline_invalidate_lock";
            result[0] = Alloc.STEAL;
            return;
          }
          if (t.faulter && !variant.faultInline()) {
            // -EAGAIN: dax_iomap_fault unlocks the entry, __fuse_dax_fault drops invalidate_lock
            t.inode.entry(t.range).unlock();
            t.inode.invalidateLock.upRead();
          }
          checkState(!rangeWaitq.prepareToWaitEvent(RANGE_FREE, () -> nrFreeRanges > 0));
          t.pc = "wait_range";
          result[0] = Alloc.WAIT;
        });
    return result[0];
  }

  /** WaitEventRangeWaitq: wait_event(fcd->range_waitq, nr_free_ranges > 0) returns. */
  private void waitEventRangeWaitq(Actor t) {
    rangeWaitq.sleepUntil(RANGE_FREE, () -> nrFreeRanges > 0);
    if (t.faulter && !variant.faultInline()) {
      t.pc = "invalidate_lock_shared";
    } else if (!t.faulter && variant.tree2019()) {
      t.pc = "iomap_begin";
    } else {
      t.pc = "alloc";
    }
  }

  /**
   * FuseSetupNewDaxMapping: down_write(dax->sem), look the range up again; if someone mapped it
   * meanwhile use theirs and dmap_add_to_free_pool the allocated range, else
   * fuse_setup_one_mapping; fuse_fill_iomap; up_write.
   */
  private void fuseSetupNewDaxMappingLocked(Actor t) {
    Inode inode = t.inode;
    s.atomic(
        () -> {
          inode.daxSem.downWrite();
          Dmap alloc = t.allocDmap;
          Dmap mapped = inode.tree.get(t.range);
          if (mapped != null) {
            fuseFillIomap(t, mapped);
            dmapAddToFreePool(alloc);
          } else {
            fuseSetupOneMapping(inode, t.range, alloc);
            fuseFillIomap(t, alloc);
          }
          t.allocDmap = null;
          inode.daxSem.upWrite();
          t.pc = t.usePc();
        });
  }

  /** fuse_setup_one_mapping: FUSE_SETUPMAPPING, interval tree insert, busy list. */
  private void fuseSetupOneMapping(Inode inode, int start, Dmap d) {
    s.perform("FUSE_SETUPMAPPING(" + d.name + ")", Ordering.RELAXED, () -> {});
    d.inode = inode;
    d.start = start;
    inode.tree.put(start, d);
    fcdLock.lock();
    busyRanges.add(d);
    fcdLock.unlock();
  }

  /** __dmap_add_to_free_pool under fcd->lock: free list, nr_free_ranges++, wake_up. */
  private void dmapAddToFreePool(Dmap d) {
    fcdLock.lock();
    freeRanges.addLast(d);
    nrFreeRanges++;
    rangeWaitq.wakeUp();
    fcdLock.unlock();
  }

  /**
   * FuseIomapEnd: the reference is dropped, then the caller's unlocks (inode_unlock_shared for a
   * read; dax_unlock_entry and filemap_invalidate_unlock_shared for a fault). With
   * refcount-relaxed, atomic_dec may be chosen while the copy is still in flight (AtomicDecVisible);
   * the unlocks, which have release ordering, then wait for the copy and form FuseIomapEnd.
   */
  private void fuseIomapEnd(Actor t) {
    Dmap d = t.iomapPrivate;
    Inode inode = t.inode;
    s.atomic(
        () -> {
          if (variant.refcountOn()) {
            d.put();
            if (t.windowInFlight) {
              // only a relaxed atomic_dec gets here before the copy has performed
              t.pc = "copy_dec_visible";
            }
          }
          if (t.faulter) {
            inode.entry(t.range).unlock();
            inode.invalidateLock.upRead();
          } else {
            inode.iRwsem.upRead();
          }
          t.endAccess();
        });
  }

  // ---- inline reclaim ---------------------------------------------------------------------------

  /**
   * inode_inline_reclaim_one_dmap: steal an unused range of the task's own inode. A read takes
   * invalidate_lock itself; a v1 fault already holds it shared and breaks layouts of the whole
   * file. Returns true with the range in {@code allocDmap} (pc "setup"), false to retry (pc
   * "alloc").
   */
  private boolean inodeInlineReclaimOneDmap(Actor t) {
    Inode inode = t.inode;
    boolean takesInvalidateLock = !t.faulter;
    if (takesInvalidateLock) {
      inode.invalidateLock.downWrite();
      t.pc = "inline_lookup";
    }
    s.atomic(
        () -> {
          inode.daxSem.downRead();
          Dmap d = inodeLookupFirstDmap(inode);
          inode.daxSem.upRead();
          if (d == null) {
            if (takesInvalidateLock) {
              inode.invalidateLock.upWrite();
            }
            t.pc = "alloc";
            return;
          }
          t.reclaimStart = d.start;
          if (t.faulter) {
            t.pc = "inline_break_layouts";
          } else {
            // A read holds invalidate_lock exclusive: no fault is inside dax_iomap_fault, so
            // breaking the layouts of the 2 MiB range cannot wait and belongs to this step.
            fuseDaxBreakLayouts(inode, List.of(d.start));
            t.pc = "inline_reclaim";
          }
        });
    if (t.pc.equals("alloc")) {
      return false;
    }
    if (t.faulter) {
      // v1 fault path: fuse_break_dax_layouts(inode, 0, 0) over the whole file, which waits
      // for every locked entry, the fault's own included.
      fuseDaxBreakLayouts(inode, allRanges());
      t.pc = "inline_reclaim";
    }
    s.atomic(
        () -> {
          inode.daxSem.downWrite();
          Dmap d = inode.tree.get(t.reclaimStart);
          if (d != null && !d.inUse()) {
            reclaimOneDmapLocked(inode, d);
            dmapRemoveBusyList(d);
            t.allocDmap = d;
            t.pc = "setup";
          } else {
            t.pc = "alloc";
          }
          inode.daxSem.upWrite();
          if (takesInvalidateLock) {
            inode.invalidateLock.upWrite();
          }
          t.reclaimStart = 0;
        });
    return t.allocDmap != null;
  }

  /** inode_lookup_first_dmap: the first range of the inode's tree that is not in use. */
  private Dmap inodeLookupFirstDmap(Inode inode) {
    for (Dmap d : inode.tree.values()) {
      if (!d.inUse()) {
        return d;
      }
    }
    return null;
  }

  /** dmap_remove_busy_list, then the dmap is detached (kept by the caller, not freed). */
  private void dmapRemoveBusyList(Dmap d) {
    fcdLock.lock();
    busyRanges.remove(d);
    fcdLock.unlock();
    d.inode = null;
    d.start = 0;
  }

  // ---- shared reclaim steps ---------------------------------------------------------------------

  /**
   * fuse_dax_break_layouts: wait until no DAX entry of {@code span} is locked (4.19 semantics,
   * where dax_layout_busy_page also waits for locked entries; no GUP pins are modelled). Its own
   * step (FuseDaxBreakLayouts) only in the v1 fault path; elsewhere invalidate_lock is held
   * exclusive, it cannot wait, and it is part of the step before.
   */
  private void fuseDaxBreakLayouts(Inode inode, List<Integer> span) {
    DaxEntryLock.waitEntriesUnlocked(
        s,
        "fuse_dax_break_layouts(" + inode.name + ", " + span + ")",
        span.stream().map(inode::entry).toList());
  }

  /**
   * reclaim_one_dmap_locked: (writeback and invalidation of the range, a no-op without a page
   * cache), interval tree remove, FUSE_REMOVEMAPPING.
   */
  private void reclaimOneDmapLocked(Inode inode, Dmap d) {
    inode.tree.remove(d.start);
    s.perform("FUSE_REMOVEMAPPING(" + d.name + ")", Ordering.RELAXED, () -> {});
  }

  private List<Integer> allRanges() {
    List<Integer> all = new ArrayList<>();
    for (int r = 0; r < config.ranges(); r++) {
      all.add(r);
    }
    return all;
  }

  // ---- the worker -------------------------------------------------------------------------------

  /** FuseDaxFreeMemWorker: the delayed work runs try_to_free_dmap_chunks. */
  private void fuseDaxFreeMemWorker() {
    s.perform("fuse_dax_free_mem_worker", Ordering.RELAXED, () -> {});
    worker.pc = "scan";
    tryToFreeDmapChunks();
  }

  /**
   * TryToFreeDmapChunks, repeated: under fcd->lock take the first busy range not in use, igrab its
   * inode, list_move_tail it, and reclaim it with lookup_and_reclaim_dmap; stop when none is left
   * or (2019) inode_trylock failed.
   */
  private void tryToFreeDmapChunks() {
    while (true) {
      s.atomic(
          () -> {
            fcdLock.lock();
            Dmap pick = null;
            for (Dmap d : busyRanges) {
              if (!d.inUse()) {
                pick = d;
                break;
              }
            }
            if (pick != null) {
              busyRanges.remove(pick);
              busyRanges.add(pick);
            }
            fcdLock.unlock();
            if (pick == null) {
              worker.pc = "idle";
            } else {
              workerInode = pick.inode;
              worker.reclaimStart = pick.start;
              worker.pc = variant.trylockInode() ? "inode_trylock" : "invalidate_lock";
            }
          });
      if (worker.pc.equals("idle") || !lookupAndReclaimDmap()) {
        return;
      }
    }
  }

  /**
   * lookup_and_reclaim_dmap: [inode_trylock (2019), -EAGAIN on failure], filemap_invalidate_lock
   * [+ fuse_dax_break_layouts on the 2 MiB range], then down_write(dax->sem) +
   * lookup_and_reclaim_dmap_locked + all unlocks. Returns false on -EAGAIN.
   */
  private boolean lookupAndReclaimDmap() {
    Inode inode = workerInode;
    if (variant.trylockInode()) {
      if (!inode.iRwsem.downWriteTrylock()) {
        workerInode = null;
        worker.reclaimStart = 0;
        worker.pc = "idle";
        return false;
      }
      worker.pc = "invalidate_lock";
    }
    s.atomic(
        () -> {
          inode.invalidateLock.downWrite();
          if (!variant.tree2019()) {
            // invalidate_lock held exclusive: no fault holds an entry, so this cannot wait
            fuseDaxBreakLayouts(inode, List.of(worker.reclaimStart));
          }
          worker.pc = "reclaim";
        });
    s.atomic(
        () -> {
          inode.daxSem.downWrite();
          Dmap d = inode.tree.get(worker.reclaimStart);
          if (d != null && !d.inUse()) {
            reclaimOneDmapLocked(inode, d);
            dmapReinitAddToFreePool(d);
          }
          inode.daxSem.upWrite();
          inode.invalidateLock.upWrite();
          if (variant.trylockInode()) {
            inode.iRwsem.upWrite();
          }
          workerInode = null;
          worker.reclaimStart = 0;
          worker.pc = "scan";
        });
    return true;
  }

  /** dmap_reinit_add_to_free_pool: off the busy list, detached, onto the free list (wakes). */
  private void dmapReinitAddToFreePool(Dmap d) {
    fcdLock.lock();
    busyRanges.remove(d);
    d.inode = null;
    d.start = 0;
    freeRanges.addLast(d);
    nrFreeRanges++;
    rangeWaitq.wakeUp();
    fcdLock.unlock();
  }

  // ---- state ------------------------------------------------------------------------------------

  /** The state as the spec's variables; call between steps (e.g. from a step listener). */
  public DaxState snapshot() {
    ImmutableSortedMap.Builder<String, String> pc = ImmutableSortedMap.naturalOrder();
    ImmutableSortedMap.Builder<String, Integer> reclaimStart = ImmutableSortedMap.naturalOrder();
    for (Actor a : allActors()) {
      pc.put(a.name, a.pc);
      reclaimStart.put(a.name, a.reclaimStart);
    }
    return new DaxState(
        pc.build(),
        tasks(a -> a.accessesLeft),
        tasks(a -> a.inode == null ? NONE : a.inode.name),
        tasks(a -> a.range),
        tasks(a -> a.iomapPrivate == null ? NONE : a.iomapPrivate.name),
        tasks(a -> a.allocDmap == null ? NONE : a.allocDmap.name),
        workerInode == null ? NONE : workerInode.name,
        reclaimStart.build(),
        perDmap(Dmap::count),
        perDmap(d -> d.inode == null ? NONE : d.inode.name),
        perDmap(d -> d.start),
        freeRanges.stream().map(d -> d.name).collect(ImmutableSortedSet.toImmutableSortedSet(String::compareTo)),
        busyRanges.stream().map(d -> d.name).collect(ImmutableSortedSet.toImmutableSortedSet(String::compareTo)),
        nrFreeRanges,
        ImmutableSortedSet.<String>naturalOrder()
            .addAll(rangeWaitq.sleepers())
            .addAll(rangeWaitq.woken())
            .build(),
        perInode(i -> holders(i.iRwsem)),
        perInode(i -> holders(i.invalidateLock)),
        inodes.values().stream()
            .flatMap(
                i ->
                    i.entries.entrySet().stream()
                        .filter(e -> e.getValue().owner().isPresent())
                        .map(e -> new FileRange(i.name, e.getKey())))
            .collect(ImmutableSortedSet.toImmutableSortedSet(FileRange::compareTo)),
        perInode(
            i ->
                ImmutableSortedSet.<String>naturalOrder()
                    .addAll(i.daxSem.readers().elementSet())
                    .addAll(i.daxSem.writer().stream().toList())
                    .build()));
  }

  /**
   * A complete abstraction of the model for state-hash pruning ({@link
   * dev.lockstep.impl.runtime.Explorer}): the snapshot plus what it leaves out but later steps
   * depend on, namely the order of the free and busy lists, which sleepers on range_waitq have been
   * woken, and the writers queued on each rw_semaphore.
   */
  public Object explorationKey() {
    List<Object> key = new ArrayList<>();
    key.add(snapshot());
    key.add(freeRanges.stream().map(d -> d.name).toList());
    key.add(busyRanges.stream().map(d -> d.name).toList());
    key.add(rangeWaitq.woken());
    for (Inode i : inodes.values()) {
      key.add(List.of(i.iRwsem.queuedWriters(), i.invalidateLock.queuedWriters(), i.daxSem.queuedWriters()));
    }
    return key;
  }

  private List<Actor> allActors() {
    List<Actor> all = new ArrayList<>(actors.values());
    all.add(worker);
    return all;
  }

  private <V> ImmutableSortedMap<String, V> tasks(Function<Actor, V> f) {
    ImmutableSortedMap.Builder<String, V> b = ImmutableSortedMap.naturalOrder();
    actors.values().forEach(a -> b.put(a.name, f.apply(a)));
    return b.build();
  }

  private <V> ImmutableSortedMap<String, V> perDmap(Function<Dmap, V> f) {
    ImmutableSortedMap.Builder<String, V> b = ImmutableSortedMap.naturalOrder();
    dmaps.values().forEach(d -> b.put(d.name, f.apply(d)));
    return b.build();
  }

  private <V> ImmutableSortedMap<String, V> perInode(Function<Inode, V> f) {
    ImmutableSortedMap.Builder<String, V> b = ImmutableSortedMap.naturalOrder();
    inodes.values().forEach(i -> b.put(i.name, f.apply(i)));
    return b.build();
  }

  private static DaxState.RwHolders holders(RwSemaphore sem) {
    return new DaxState.RwHolders(
        ImmutableSortedSet.copyOf(sem.readers().elementSet()), sem.writer().orElse(NONE));
  }

  // ---- objects ----------------------------------------------------------------------------------

  /** struct inode + struct fuse_inode_dax + the DAX entries of its page-cache xarray. */
  private final class Inode {
    final String name;
    final RwSemaphore iRwsem;
    final RwSemaphore invalidateLock;
    final RwSemaphore daxSem;
    /** fi->dax->tree; its size is fi->dax->nr. */
    final TreeMap<Integer, Dmap> tree = new TreeMap<>();
    final Map<Integer, DaxEntryLock> entries = new TreeMap<>();

    Inode(String name) {
      this.name = name;
      this.iRwsem = new RwSemaphore(s, name + ".i_rwsem");
      this.invalidateLock = new RwSemaphore(s, name + ".invalidate_lock");
      this.daxSem = new RwSemaphore(s, name + ".dax->sem");
      for (int r = 0; r < config.ranges(); r++) {
        entries.put(r, new DaxEntryLock(s, "entry(" + name + "@" + r + ")"));
      }
    }

    int nr() {
      return tree.size();
    }

    DaxEntryLock entry(int range) {
      return entries.get(range);
    }
  }

  /** struct fuse_dax_mapping with the variant's reference count. */
  private final class Dmap {
    final String name;
    /** refcount-relaxed: atomic_t from 0. */
    final AtomicT atomicRefcnt;
    /** upstream variants: refcount_t from 1. */
    final RefcountT refcnt;
    Inode inode;
    int start;

    Dmap(String name) {
      this.name = name;
      this.atomicRefcnt = variant.relaxedDec() ? new AtomicT(s, name + ".refcnt", 0) : null;
      this.refcnt =
          variant.refcountOn() && !variant.relaxedDec()
              ? new RefcountT(s, name + ".refcnt", 1)
              : null;
    }

    void get() {
      if (atomicRefcnt != null) {
        atomicRefcnt.atomicInc();
      } else if (refcnt != null) {
        refcnt.refcountInc();
      }
    }

    void put() {
      if (atomicRefcnt != null) {
        atomicRefcnt.atomicDec();
      } else {
        refcnt.refcountDecAndTest();
      }
    }

    /** The variant's "in use" test; the 2019 tree has none. */
    boolean inUse() {
      if (atomicRefcnt != null) {
        return atomicRefcnt.atomicRead() != 0;
      }
      return refcnt != null && refcnt.refcountRead() > 1;
    }

    int count() {
      if (atomicRefcnt != null) {
        return atomicRefcnt.value();
      }
      return refcnt != null ? refcnt.value() : variant.base();
    }
  }

  /** A task's (or the worker's) spec-visible locals. */
  private static final class Actor {
    final String name;
    final boolean faulter;
    String pc = "idle";
    int accessesLeft;
    Inode inode;
    int range;
    Dmap iomapPrivate;
    Dmap allocDmap;
    int reclaimStart;
    /** The copy / PTE install is issued but not yet performed (not a spec variable). */
    boolean windowInFlight;

    Actor(String name, boolean faulter, int accesses) {
      this.name = name;
      this.faulter = faulter;
      this.accessesLeft = accesses;
    }

    String usePc() {
      return faulter ? "insert_pfn" : "copy";
    }

    void startAccess(Inode i, int r, String nextPc) {
      inode = i;
      range = r;
      pc = nextPc;
    }

    void endAccess() {
      iomapPrivate = null;
      accessesLeft--;
      inode = null;
      range = 0;
      pc = "idle";
    }
  }
}

package dev.lockstep.impl.dax;

import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.impl.runtime.AtomicT;
import dev.lockstep.impl.runtime.DaxEntryLock;
import dev.lockstep.impl.runtime.Kasan;
import dev.lockstep.impl.runtime.Ordering;
import dev.lockstep.impl.runtime.RefcountT;
import dev.lockstep.impl.runtime.RwSemaphore;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.SharedVariable;
import dev.lockstep.impl.runtime.SpinLock;
import dev.lockstep.impl.runtime.WaitQueue;
import dev.lockstep.impl.runtime.WaitsFor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * virtiofs DAX window reclaim ({@code fs/fuse/dax.c}, and the 2019/2020 series it grew from) on the
 * deterministic runtime: one object per FUSE connection ({@code struct fuse_conn_dax}), its inodes
 * and dmaps, the reader and faulter tasks and the reclaim worker. Methods are the kernel's
 * functions; each scheduling point is one action of specs/dax/DaxReclaim.tla or changes nothing the
 * spec sees (the package documentation has the table). {@link DaxVariant} selects the code.
 *
 * <p>Locks protect what the kernel's comments say they protect, and every access checks it as
 * {@code lockdep_assert_held} does: {@code fcd->lock} the free and busy lists and their counts,
 * {@code fi->dax->sem} the inode's interval tree ({@code fi->dax->tree}, {@code fi->dax->nr}).
 * A lock dropped around such an access fails the run wherever the data is touched.
 *
 * <p>Each task's {@link Task#pc() pc} and the kernel locals the spec names ({@code iomap->private},
 * {@code alloc_dmap}, {@code start_idx}, the worker's {@code inode}) are updated by task-local code
 * right after the step they belong to, which the runtime makes part of that step. The public
 * accessors ({@link #tasks()}, {@link #inodes()}, ...) read the state between steps for observers
 * such as a refinement mapping; they take no locks.
 */
public final class FuseDax {
  private static final String RANGE_FREE = "nr_free_ranges > 0";

  private final Scheduler s;
  private final DaxConfig config;
  private final DaxVariant variant;
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final Task worker;
  private final Map<String, Inode> inodes = new LinkedHashMap<>();
  private final Map<String, Dmap> dmaps = new LinkedHashMap<>();

  // struct fuse_conn_dax; the lists and counts are protected by fcd->lock
  private final SpinLock fcdLock;
  private final ArrayDeque<Dmap> freeRanges = new ArrayDeque<>();
  private final SharedVariable freeRangesVar;
  private final List<Dmap> busyRanges = new ArrayList<>();
  private final SharedVariable busyRangesVar;
  /** Written under fcd->lock; read locklessly (plain) by the wait conditions, as the kernel does. */
  private int nrFreeRanges;
  private final SharedVariable nrFreeRangesVar;
  private final WaitQueue rangeWaitq;

  /** PTEs to window pages that faults installed (vmf_insert_mixed) and reclaim has not zapped. */
  private final Set<Pte> ptes = new LinkedHashSet<>();

  /** A page-table entry of {@code inode}'s range {@code range} to a page of {@code dmap}'s window. */
  public record Pte(String inode, int range, String dmap) {}

  private FuseDax(Scheduler s, DaxConfig config) {
    this.s = s;
    this.config = config;
    this.variant = config.variant();
    this.fcdLock = new SpinLock(s, "fcd->lock");
    this.freeRangesVar = SharedVariable.guardedBy(s, "fcd->free_ranges", "fcd->free_ranges", fcdLock);
    this.busyRangesVar = SharedVariable.guardedBy(s, "fcd->busy_ranges", "fcd->busy_ranges", fcdLock);
    this.nrFreeRangesVar = SharedVariable.guardedBy(s, "fcd->nr_free_ranges", "fcd->nr_free_ranges", fcdLock);
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
    config.readers().forEach((name, plan) -> tasks.put(name, new Task(name, false, accesses(name, plan))));
    config.faulters().forEach((name, plan) -> tasks.put(name, new Task(name, true, accesses(name, plan))));
    this.worker = new Task(DaxConfig.WORKER, false, 0);
  }

  private int accesses(String task, List<FileRange> plan) {
    return config.endless().contains(task) ? config.accessesPerTask() : plan.size();
  }

  /**
   * Builds the model on {@code scheduler} and spawns its tasks: readers, faulters (in configuration
   * order), then the worker, which runs {@code fuse_dax_free_mem_worker} again and again until
   * every access has completed (forever if a task is endless).
   */
  public static FuseDax spawn(Scheduler scheduler, DaxConfig config) {
    FuseDax dax = new FuseDax(scheduler, config);
    config.readers().forEach((name, plan) -> scheduler.spawn(name, () -> dax.run(name, plan)));
    config.faulters().forEach((name, plan) -> scheduler.spawn(name, () -> dax.run(name, plan)));
    scheduler.spawn(DaxConfig.WORKER, dax::fuseDaxFreeMemWorkerLoop);
    return dax;
  }

  public DaxConfig config() {
    return config;
  }

  // ---- tasks ------------------------------------------------------------------------------------

  private void run(String name, List<FileRange> plan) {
    Task t = tasks.get(name);
    do {
      for (FileRange r : plan) {
        if (t.faulter) {
          fuseDaxFault(t, r);
        } else {
          fuseDaxReadIter(t, r);
        }
      }
    } while (config.endless().contains(name));
  }

  /** An endless task's accesses never run out, so neither does the worker then. */
  private void fuseDaxFreeMemWorkerLoop() {
    while (tasks.values().stream().anyMatch(t -> t.accessesLeft > 0)) {
      fuseDaxFreeMemWorker();
    }
  }

  // ---- read path --------------------------------------------------------------------------------

  /**
   * fuse_dax_read_iter: inode_lock_shared, dax_iomap_rw over one 2 MiB range, inode_unlock_shared.
   * In the 2019 tree fuse_iomap_begin fails a read with -ENOSPC when no range is free: the read
   * drops the inode lock, waits for a free range and retries ("goto retry"), never sleeping with
   * the inode lock held.
   */
  private void fuseDaxReadIter(Task t, FileRange r) {
    Inode inode = inodes.get(r.inode());
    inode.iRwsem.downRead();
    t.startAccess(inode, r.range(), DaxPc.IOMAP_BEGIN);
    while (!fuseIomapBegin(t)) {
      // -ENOSPC: inode_unlock_shared was part of the failed allocation's step
      waitForFreeRange(t);
      inode.iRwsem.downRead();
      t.pc = DaxPc.IOMAP_BEGIN;
    }
    // dax_iomap_actor: the copy out of the window is a plain access, performed when the schedule
    // says so; fuse_iomap_end's decrement may or may not wait for it.
    Dmap d = t.iomapPrivate;
    t.windowInFlight = true;
    s.access("copy_to_user(" + d.name + ")", () -> windowAccessDone(t));
    fuseIomapEnd(t);
  }

  /**
   * __fuse_dax_fault -> dax_iomap_fault for one page of a 2 MiB range: invalidate_lock shared,
   * the locked DAX entry, fuse_iomap_begin, vmf_insert_mixed; after -EAGAIN (upstream) the fault
   * drops both, waits for a free range and retries.
   */
  private void fuseDaxFault(Task t, FileRange r) {
    Inode inode = inodes.get(r.inode());
    inode.invalidateLock.downRead();
    t.startAccess(inode, r.range(), DaxPc.GRAB_ENTRY);
    while (true) {
      inode.entry(r.range()).lock();
      t.pc = DaxPc.IOMAP_BEGIN;
      if (fuseIomapBegin(t)) {
        break;
      }
      // -EAGAIN: dax_iomap_fault unlocked the entry, invalidate_lock was dropped in that step
      waitForFreeRange(t);
      inode.invalidateLock.downRead();
      t.pc = DaxPc.GRAB_ENTRY;
    }
    Dmap d = t.iomapPrivate;
    t.windowInFlight = true;
    s.access("vmf_insert_mixed(" + d.name + ")", () -> {
      ptes.add(new Pte(t.inode.name, t.range, d.name));
      windowAccessDone(t);
    });
    fuseIomapEnd(t);
  }

  /** CopyToUser / VmfInsertMixed: the task's access to the window has performed. */
  private void windowAccessDone(Task t) {
    t.windowInFlight = false;
    t.pc =
        switch (t.pc) {
          case COPY, INSERT_PFN -> DaxPc.IOMAP_END;
          case COPY_DEC_VISIBLE -> DaxPc.IOMAP_END_DEC_VISIBLE;
          default -> throw new IllegalStateException(t.name + ": window access at pc " + t.pc);
        };
  }

  /**
   * fuse_iomap_begin: down_read(fi->dax->sem), look the range up, fuse_fill_iomap on a hit; on a
   * miss fuse_setup_new_dax_mapping. Returns false when the caller must wait and retry (-ENOSPC of
   * a 2019 read, -EAGAIN of an upstream fault).
   */
  private boolean fuseIomapBegin(Task t) {
    Inode inode = t.inode;
    s.atomic(
        () -> {
          inode.daxSem.downRead();
          Dmap d = inode.treeLookup(t.range);
          if (d != null) {
            fuseFillIomap(t, d);
          }
          inode.daxSem.upRead();
          t.pc = d != null ? t.usePc() : DaxPc.ALLOC;
        });
    return t.pc != DaxPc.ALLOC || fuseSetupNewDaxMapping(t);
  }

  /**
   * fuse_fill_iomap: take a reference (the variant's count) and set iomap->private. Caller holds
   * fi->dax->sem, shared or exclusive ("This assumes fi->dax->sem mutex is held").
   */
  private void fuseFillIomap(Task t, Dmap d) {
    t.inode.daxSem.lockdepAssertHeld();
    d.get();
    t.iomapPrivate = d;
  }

  /**
   * fuse_setup_new_dax_mapping: get a free range (alloc_dax_mapping for upstream faults and 2019
   * reads, alloc_dax_mapping_reclaim for upstream reads and v1 faults), then map it under
   * down_write(fi->dax->sem). Returns false when the caller must wait and retry.
   */
  private boolean fuseSetupNewDaxMapping(Task t) {
    boolean reclaims = t.faulter ? variant.faultInline() : !variant.tree2019();
    if (reclaims ? !allocDaxMappingReclaim(t) : !allocDaxMappingOrFail(t)) {
      return false;
    }
    Inode inode = t.inode;
    s.atomic(
        () -> {
          inode.daxSem.downWrite();
          Dmap alloc = t.allocDmap;
          Dmap mapped = inode.treeLookup(t.range);
          if (mapped != null) {
            // somebody else set it up meanwhile
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
    return true;
  }

  /**
   * AllocDaxMapping for callers that do not reclaim: alloc_dax_mapping, and when no range is free
   * the caller's failure path in the same step (the spec's AllocFailed): a 2019 read returns
   * -ENOSPC and drops the inode lock; an upstream fault returns -EAGAIN, dax_iomap_fault unlocks the
   * entry and __fuse_dax_fault drops invalidate_lock. Returns true with a range in alloc_dmap.
   */
  private boolean allocDaxMappingOrFail(Task t) {
    s.atomic(
        () -> {
          if (allocDaxMapping(t)) {
            return;
          }
          if (t.faulter) {
            t.inode.entry(t.range).unlock();
            t.inode.invalidateLock.upRead();
          } else {
            t.inode.iRwsem.upRead();
          }
          t.pc = DaxPc.WAIT_EVENT;
        });
    return t.pc == DaxPc.SETUP;
  }

  /**
   * alloc_dax_mapping: under fcd->lock take the first free range into alloc_dmap (pc "setup").
   * Part of the caller's step. Returns false (pc unchanged) if none is free.
   */
  private boolean allocDaxMapping(Task t) {
    boolean locked = !config.broken(DaxConfig.ALLOC_NO_FCD_LOCK);
    if (locked) {
      fcdLock.lock();
    }
    Dmap d = takeFirstFreeRangeLocked();
    if (locked) {
      fcdLock.unlock();
    }
    if (d == null) {
      return false;
    }
    t.allocDmap = d;
    t.pc = DaxPc.SETUP;
    return true;
  }

  /** list_first_entry_or_null(&fcd->free_ranges), list_del_init, nr_free_ranges--. */
  private Dmap takeFirstFreeRangeLocked() {
    fcdLock.lockdepAssertHeld();
    freeRangesVar.store();
    Dmap d = freeRanges.pollFirst();
    if (d != null) {
      nrFreeRangesVar.store();
      nrFreeRanges--;
    }
    return d;
  }

  /**
   * alloc_dax_mapping_reclaim: loop { alloc_dax_mapping; else steal an own unused range; else
   * wait for a free range }. Upstream reads run inode_inline_reclaim_one_dmap and wait only when
   * the inode has no range ("if (!fi->dax->nr && !(fcd->nr_free_ranges > 0))"); the v1 fault
   * path ([v1-20], fault = true) breaks layouts of the whole file and reclaims while holding
   * invalidate_lock shared and its locked DAX entry, and waits only when the inode has no range.
   * Always returns true, with a range in alloc_dmap (pc "setup").
   */
  private boolean allocDaxMappingReclaim(Task t) {
    while (true) {
      s.atomic(
          () -> {
            if (allocDaxMapping(t)) {
              return;
            }
            if (t.faulter) {
              // v1: "if (fi->nr_dmaps)" read right after alloc_dax_mapping failed
              t.pc = t.inode.nrLockless() > 0 ? DaxPc.INLINE_BREAK_LAYOUTS : DaxPc.WAIT_EVENT;
            } else {
              t.pc = DaxPc.INLINE_INVALIDATE_LOCK;
            }
          });
      if (t.pc == DaxPc.SETUP) {
        return true;
      }
      boolean stolen =
          switch (t.pc) {
            case INLINE_INVALIDATE_LOCK -> inodeInlineReclaimOneDmap(t);
            case INLINE_BREAK_LAYOUTS -> inodeReclaimOneDmap(t);
            default -> false;
          };
      if (stolen) {
        return true;
      }
      if (t.pc == DaxPc.WAIT_EVENT) {
        waitForFreeRange(t);
      }
    }
  }

  /**
   * Waiting for a free range on fcd->range_waitq: the caller's lockless pre-check and
   * wait_event's first check (one step), then ___wait_event's loop. Reads and v1 faults wait
   * exclusively (wait_event_killable_exclusive), upstream faults not (wait_event). Ends with pc
   * where the caller goes on: a 2019 read retakes the inode lock, an upstream fault invalidate_lock,
   * alloc_dax_mapping_reclaim loops.
   */
  private void waitForFreeRange(Task t) {
    boolean exclusive = !t.faulter || variant.faultInline();
    // upstream alloc_dax_mapping_reclaim: "if (!fi->dax->nr && !(fcd->nr_free_ranges > 0))"
    boolean ownRangeSkipsWait = !t.faulter && !variant.tree2019();
    boolean queued =
        rangeWaitq.prepareToWaitEvent(
            RANGE_FREE,
            () -> nrFreeRangesLockless() == 0 && !(ownRangeSkipsWait && t.inode.nrLockless() > 0),
            exclusive);
    t.pc = queued ? DaxPc.WAIT_CHECK : afterWait(t);
    if (!queued) {
      return;
    }
    while (!rangeWaitq.checkCondition(RANGE_FREE, () -> nrFreeRangesLockless() > 0)) {
      t.pc = DaxPc.WAIT_RANGE;
      rangeWaitq.sleepUntilWoken(RANGE_FREE);
      t.pc = DaxPc.WAIT_CHECK;
    }
    t.pc = afterWait(t);
  }

  /** fcd->nr_free_ranges read without fcd->lock, as the kernel's wait conditions do (a plain load). */
  private int nrFreeRangesLockless() {
    nrFreeRangesVar.racyLoad();
    return nrFreeRanges;
  }

  private DaxPc afterWait(Task t) {
    if (!t.faulter && variant.tree2019()) {
      return DaxPc.INODE_LOCK_SHARED;
    }
    return t.faulter && !variant.faultInline() ? DaxPc.INVALIDATE_LOCK_SHARED : DaxPc.ALLOC;
  }

  /**
   * fuse_setup_one_mapping: FUSE_SETUPMAPPING, interval tree insert ("Protected by fi->dax->sem"),
   * fi->dax->nr++, busy list under fcd->lock. Caller holds fi->dax->sem exclusive.
   */
  private void fuseSetupOneMapping(Inode inode, int start, Dmap d) {
    inode.daxSem.lockdepAssertHeldWrite();
    s.perform("FUSE_SETUPMAPPING(" + d.name + ")", Ordering.RELAXED, () -> {});
    d.bind(inode, start);
    inode.treeInsert(d);
    fcdLock.lock();
    busyRangesLocked().add(d);
    fcdLock.unlock();
  }

  /** dmap_add_to_free_pool: fcd->lock around __dmap_add_to_free_pool. */
  private void dmapAddToFreePool(Dmap d) {
    fcdLock.lock();
    dmapAddToFreePoolLocked(d);
    fcdLock.unlock();
  }

  /**
   * __dmap_add_to_free_pool ("This assumes fcd->lock is held"): free list tail, nr_free_ranges++,
   * wake_up(&fcd->range_waitq).
   */
  private void dmapAddToFreePoolLocked(Dmap d) {
    fcdLock.lockdepAssertHeld();
    freeRangesVar.store();
    freeRanges.addLast(d);
    nrFreeRangesVar.store();
    nrFreeRanges++;
    if (!config.broken(DaxConfig.NO_WAKE_UP)) {
      rangeWaitq.wakeUp();
    }
  }

  private List<Dmap> busyRangesLocked() {
    busyRangesVar.store();
    return busyRanges;
  }

  /**
   * FuseIomapEnd: the reference is dropped, then the caller's unlocks (inode_unlock_shared for a
   * read; dax_unlock_entry and filemap_invalidate_unlock_shared for a fault). With
   * refcount-relaxed, atomic_dec may be chosen while the copy is still in flight
   * (AtomicDecVisible); the unlocks, which have release ordering, then wait for the copy and form
   * FuseIomapEnd.
   */
  private void fuseIomapEnd(Task t) {
    Dmap d = t.iomapPrivate;
    Inode inode = t.inode;
    s.atomic(
        () -> {
          if (variant.refcountOn()) {
            d.put();
            if (t.windowInFlight) {
              // only a relaxed atomic_dec gets here before the copy has performed
              t.pc = DaxPc.COPY_DEC_VISIBLE;
            }
          }
          if (t.faulter) {
            inode.entry(t.range).unlock();
            inode.invalidateLock.upRead();
          } else {
            inode.iRwsem.upRead();
          }
          t.endAccess(!config.endless().contains(t.name));
        });
  }

  // ---- inline reclaim ---------------------------------------------------------------------------

  /**
   * Upstream inode_inline_reclaim_one_dmap: filemap_invalidate_lock; under down_read(fi->dax->sem)
   * inode_lookup_first_dmap; fuse_dax_break_layouts of its 2 MiB range; down_write, look it up
   * again and, if still unused, reclaim_one_dmap_locked and dmap_remove_busy_list, keeping the
   * range. Returns true with the range in alloc_dmap (pc "setup"); false with pc "alloc" (lost a
   * race: retry) or "wait_event" (nothing to steal).
   */
  private boolean inodeInlineReclaimOneDmap(Task t) {
    Inode inode = t.inode;
    inode.invalidateLock.downWrite();
    t.pc = DaxPc.INLINE_LOOKUP;
    s.atomic(
        () -> {
          inode.daxSem.downRead();
          Dmap d = inodeLookupFirstDmap(inode);
          if (d != null) {
            // start_idx = dmap->itn.start, read before up_read
            t.reclaimStart = d.startLocked();
          }
          inode.daxSem.upRead();
          if (d == null) {
            inode.invalidateLock.upWrite();
            t.pc = DaxPc.WAIT_EVENT;
            return;
          }
          // invalidate_lock is held exclusive: no fault holds an entry, so this cannot wait
          fuseDaxBreakLayouts(inode, List.of(t.reclaimStart));
          t.pc = DaxPc.INLINE_RECLAIM;
        });
    if (t.pc == DaxPc.WAIT_EVENT) {
      return false;
    }
    s.atomic(
        () -> {
          inode.daxSem.downWrite();
          Dmap d = inode.treeLookup(t.reclaimStart);
          stealLocked(t, d != null && !d.inUse() ? d : null);
          inode.daxSem.upWrite();
          inode.invalidateLock.upWrite();
          t.reclaimStart = 0;
        });
    return t.pc == DaxPc.SETUP;
  }

  /**
   * [v1-20] inode_reclaim_one_dmap with fault = true (invalidate_lock already held shared):
   * fuse_break_dax_layouts(inode, 0, 0) over the whole file, which waits for every locked DAX
   * entry of the file (the fault's own included), then under down_write(fi->dax->sem)
   * inode_reclaim_one_dmap_locked steals the first unused range. Returns true with it in
   * alloc_dmap; false with pc "alloc" (none: msleep(1), continue).
   */
  private boolean inodeReclaimOneDmap(Task t) {
    Inode inode = t.inode;
    fuseDaxBreakLayouts(inode, allRanges());
    t.pc = DaxPc.INLINE_RECLAIM;
    s.atomic(
        () -> {
          inode.daxSem.downWrite();
          stealLocked(t, inodeLookupFirstDmap(inode));
          inode.daxSem.upWrite();
        });
    return t.pc == DaxPc.SETUP;
  }

  /**
   * The end of an inline reclaim: reclaim_one_dmap_locked and dmap_remove_busy_list, keeping the
   * range in alloc_dmap for fuse_setup_new_dax_mapping (pc "setup"); with no range to steal, back to
   * the allocation loop (pc "alloc"). Caller holds fi->dax->sem exclusive.
   */
  private void stealLocked(Task t, Dmap d) {
    if (d == null) {
      t.pc = DaxPc.ALLOC;
      return;
    }
    reclaimOneDmapLocked(t.inode, d);
    dmapRemoveBusyList(d);
    t.allocDmap = d;
    t.pc = DaxPc.SETUP;
  }

  /**
   * inode_lookup_first_dmap: the first range of the inode's tree that is not in use. Caller holds
   * fi->dax->sem, shared or exclusive.
   */
  private Dmap inodeLookupFirstDmap(Inode inode) {
    for (Dmap d : inode.treeValues()) {
      if (!d.inUse()) {
        return d;
      }
    }
    return null;
  }

  /**
   * dmap_remove_busy_list, then the dmap is detached (kept by the caller, not freed). Caller holds
   * fi->dax->sem exclusive (the tree entry is gone).
   */
  private void dmapRemoveBusyList(Dmap d) {
    fcdLock.lock();
    busyRangesLocked().remove(d);
    fcdLock.unlock();
    d.bind(null, 0);
  }

  // ---- shared reclaim steps ---------------------------------------------------------------------

  /**
   * fuse_dax_break_layouts over {@code span}: dax_layout_busy_page_range zaps the PTEs of the
   * range (unmap_mapping_pages) and waits until none of its DAX entries is locked (4.19 semantics,
   * where locked entries count as busy; no GUP pins are modelled). Its own step
   * (FuseBreakDaxLayouts) only in the v1 fault path; elsewhere invalidate_lock is held exclusive,
   * it cannot wait, and it is part of the step before. Caller holds invalidate_lock.
   */
  private void fuseDaxBreakLayouts(Inode inode, List<Integer> span) {
    DaxEntryLock.waitEntriesUnlocked(
        s,
        "fuse_dax_break_layouts(" + inode.name + ", " + span + ")",
        span.stream().map(inode::entry).toList());
    span.forEach(r -> unmapMappingPages(inode, r));
  }

  /** unmap_mapping_pages of one 2 MiB range: the PTEs that map it go. */
  private void unmapMappingPages(Inode inode, int range) {
    ptes.removeIf(p -> p.inode().equals(inode.name) && p.range() == range);
  }

  /**
   * reclaim_one_dmap_locked: dmap_writeback_invalidate (invalidate_inode_pages2_range of a DAX
   * mapping unmaps the range's PTEs), interval tree remove, fi->dax->nr--, FUSE_REMOVEMAPPING.
   * Caller holds fi->dax->sem exclusive.
   */
  private void reclaimOneDmapLocked(Inode inode, Dmap d) {
    unmapMappingPages(inode, d.startLocked());
    inode.treeRemove(d);
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

  /**
   * FuseDaxFreeMemWorker: the delayed work runs try_to_free_dmap_chunks, whose locals start as
   * {@code inode = NULL, start_idx = 0}.
   */
  private void fuseDaxFreeMemWorker() {
    s.perform("fuse_dax_free_mem_worker", Ordering.RELAXED, () -> {});
    worker.pc = DaxPc.SCAN;
    worker.inode = null;
    worker.reclaimStart = 0;
    tryToFreeDmapChunks();
  }

  /**
   * try_to_free_dmap_chunks' loop: under fcd->lock take the first busy range not in use, igrab its
   * inode, list_move_tail it, and reclaim it with lookup_and_reclaim_dmap; the run ends when none
   * is left. The RFC (refcount-relaxed) sets "dmap = pos" before the in-use skip, so a walk over
   * ranges that are all in use leaves dmap set, and lookup_and_reclaim_dmap runs with the locals
   * of an earlier pass and no reference.
   */
  private void tryToFreeDmapChunks() {
    while (true) {
      s.atomic(
          () -> {
            fcdLock.lock();
            List<Dmap> busy = busyRangesLocked();
            Dmap pick = null;
            for (Dmap d : busy) {
              if (!d.inUse()) {
                pick = d;
                break;
              }
            }
            if (pick != null) {
              // igrab() succeeds (no eviction); list_move_tail
              busy.remove(pick);
              busy.add(pick);
              worker.inode = pick.inodeLocked();
              worker.holdsRef = true;
              worker.reclaimStart = pick.startLocked();
              worker.pc = variant.trylockInode() ? DaxPc.INODE_TRYLOCK : DaxPc.INVALIDATE_LOCK;
            } else if (variant.relaxedDec() && !busy.isEmpty()) {
              // the RFC: dmap is the last busy range; inode and start_idx are stale
              worker.pc = DaxPc.INVALIDATE_LOCK;
            } else {
              worker.pc = DaxPc.IDLE;
            }
            fcdLock.unlock();
          });
      if (worker.pc == DaxPc.IDLE) {
        return;
      }
      lookupAndReclaimDmap();
    }
  }

  /**
   * lookup_and_reclaim_dmap: [inode_trylock (2019), -EAGAIN on failure], filemap_invalidate_lock
   * [+ fuse_dax_break_layouts of the 2 MiB range, from [17/19] on], then down_write(fi->dax->sem),
   * lookup_and_reclaim_dmap_locked and the unlocks; iput.
   */
  private void lookupAndReclaimDmap() {
    Inode inode = worker.inode;
    if (variant.trylockInode()) {
      if (!inode.iRwsem.downWriteTrylock()) {
        // -EAGAIN: iput, and the chunk loop goes on with the next busy range
        worker.holdsRef = false;
        worker.inode = null;
        worker.reclaimStart = 0;
        worker.pc = DaxPc.SCAN;
        return;
      }
      worker.pc = DaxPc.INVALIDATE_LOCK;
    }
    if (inode == null) {
      // the RFC on its first pass: get_fuse_inode(NULL) oopses and the kworker never returns
      s.await(
          "get_fuse_inode(NULL)",
          Ordering.RELAXED,
          () -> false,
          () -> WaitsFor.event("nothing: NULL pointer dereference in lookup_and_reclaim_dmap"),
          () -> null);
      return;
    }
    boolean daxSemFirst = config.broken(DaxConfig.RECLAIM_DAX_SEM_FIRST);
    s.atomic(
        () -> {
          if (daxSemFirst) {
            inode.daxSem.downWrite();
          }
          inode.invalidateLock.downWrite();
          if (!variant.tree2019()) {
            // invalidate_lock held exclusive: no fault holds an entry, so this cannot wait
            fuseDaxBreakLayouts(inode, List.of(worker.reclaimStart));
          }
          worker.pc = DaxPc.RECLAIM;
        });
    s.atomic(
        () -> {
          if (!daxSemFirst) {
            inode.daxSem.downWrite();
          }
          lookupAndReclaimDmapLocked(inode, worker.reclaimStart);
          inode.daxSem.upWrite();
          inode.invalidateLock.upWrite();
          if (variant.trylockInode()) {
            inode.iRwsem.upWrite();
          }
          // iput
          worker.holdsRef = false;
          if (!variant.relaxedDec()) {
            // set afresh before they are read again; the RFC's walk may read them as they are
            worker.inode = null;
            worker.reclaimStart = 0;
          }
          worker.pc = DaxPc.SCAN;
        });
  }

  /**
   * lookup_and_reclaim_dmap_locked: look start_idx up again; if it is still there and unused,
   * reclaim_one_dmap_locked and dmap_reinit_add_to_free_pool under fcd->lock. Caller holds
   * invalidate_lock and fi->dax->sem exclusive.
   */
  private void lookupAndReclaimDmapLocked(Inode inode, int startIdx) {
    inode.invalidateLock.lockdepAssertHeldWrite();
    inode.daxSem.lockdepAssertHeldWrite();
    Dmap d = inode.treeLookup(startIdx);
    if (d == null || d.inUse()) {
      return;
    }
    reclaimOneDmapLocked(inode, d);
    fcdLock.lock();
    dmapReinitAddToFreePool(d);
    fcdLock.unlock();
  }

  /**
   * dmap_reinit_add_to_free_pool ("This should be called with fcd->lock held"):
   * __dmap_remove_busy_list, detach, __dmap_add_to_free_pool.
   */
  private void dmapReinitAddToFreePool(Dmap d) {
    busyRangesLocked().remove(d);
    d.bind(null, 0);
    dmapAddToFreePoolLocked(d);
  }

  // ---- observers (between steps, no locks) ------------------------------------------------------

  /** The reader and faulter tasks, in configuration order. */
  public Collection<Task> tasks() {
    return tasks.values();
  }

  /** The kworker running fuse_dax_free_mem_worker; its {@code inode} is try_to_free_dmap_chunks'. */
  public Task worker() {
    return worker;
  }

  public Collection<Inode> inodes() {
    return inodes.values();
  }

  public Collection<Dmap> dmaps() {
    return dmaps.values();
  }

  /** fcd->free_ranges, head first. */
  public ImmutableList<Dmap> freeRanges() {
    return ImmutableList.copyOf(freeRanges);
  }

  /** fcd->busy_ranges, head first. */
  public ImmutableList<Dmap> busyRanges() {
    return ImmutableList.copyOf(busyRanges);
  }

  public int nrFreeRanges() {
    return nrFreeRanges;
  }

  public WaitQueue rangeWaitq() {
    return rangeWaitq;
  }

  public ImmutableSet<Pte> ptes() {
    return ImmutableSet.copyOf(ptes);
  }

  // ---- objects ----------------------------------------------------------------------------------

  /** struct inode + struct fuse_inode_dax + the DAX entries of its page-cache xarray. */
  public final class Inode {
    private final String name;
    private final RwSemaphore iRwsem;
    private final RwSemaphore invalidateLock;
    private final RwSemaphore daxSem;
    /** fi->dax->tree, by start_idx; its size is fi->dax->nr. Protected by fi->dax->sem. */
    private final TreeMap<Integer, Dmap> tree = new TreeMap<>();
    private final SharedVariable treeVar;
    private final Map<Integer, DaxEntryLock> entries = new TreeMap<>();

    Inode(String name) {
      this.name = name;
      // lock classes as lockdep names them: one per lock of struct inode / fuse_inode, whatever the inode
      this.iRwsem = new RwSemaphore(s, name + ".i_rwsem", "inode->i_rwsem");
      this.invalidateLock = new RwSemaphore(s, name + ".invalidate_lock", "mapping->invalidate_lock");
      this.daxSem = new RwSemaphore(s, name + ".dax->sem", "fi->dax->sem");
      this.treeVar = SharedVariable.guardedBy(s, name + ".dax->tree", "fi->dax->tree, fi->dax->nr", daxSem);
      for (int r = 0; r < config.ranges(); r++) {
        entries.put(r, new DaxEntryLock(s, "entry(" + name + "@" + r + ")"));
      }
    }

    /** interval_tree_iter_first(&fi->dax->tree, idx, idx). */
    Dmap treeLookup(int startIdx) {
      treeVar.load();
      return tree.get(startIdx);
    }

    Collection<Dmap> treeValues() {
      treeVar.load();
      return tree.values();
    }

    /** interval_tree_insert, fi->dax->nr++. */
    void treeInsert(Dmap d) {
      treeVar.store();
      tree.put(d.startLocked(), d);
    }

    /** interval_tree_remove, fi->dax->nr--. */
    void treeRemove(Dmap d) {
      treeVar.store();
      checkState(tree.remove(d.startLocked()) == d, "%s is not in the tree of %s", d.name, name);
    }

    /** fi->dax->nr read without fi->dax->sem, as the kernel's wait checks do (a plain load). */
    int nrLockless() {
      treeVar.racyLoad();
      return tree.size();
    }

    DaxEntryLock entry(int range) {
      return entries.get(range);
    }

    public String name() {
      return name;
    }

    /** inode->i_rwsem ("the inode lock"). */
    public RwSemaphore iRwsem() {
      return iRwsem;
    }

    /** mapping->invalidate_lock (fi->i_mmap_sem before v5.15). */
    public RwSemaphore invalidateLock() {
      return invalidateLock;
    }

    /** fi->dax->sem (fi->i_dmap_sem before v5.10). */
    public RwSemaphore daxSem() {
      return daxSem;
    }

    /** The ranges whose DAX entry is locked. */
    public ImmutableList<Integer> lockedEntries() {
      return entries.entrySet().stream()
          .filter(e -> e.getValue().owner().isPresent())
          .map(Map.Entry::getKey)
          .collect(ImmutableList.toImmutableList());
    }
  }

  /** struct fuse_dax_mapping with the variant's reference count. */
  public final class Dmap {
    private final String name;
    /** refcount-relaxed: atomic_t from 0. */
    private final AtomicT atomicRefcnt;
    /** upstream variants: refcount_t from 1. */
    private final RefcountT refcnt;
    private Inode inode;
    private int start;
    /** dmap->inode and dmap->itn.start: set only while neither the busy list nor a tree holds the dmap. */
    private final SharedVariable binding;

    Dmap(String name) {
      this.name = name;
      this.binding = SharedVariable.published(s, name + "->inode, itn", "dmap->inode, dmap->itn.start",
          () -> busyRanges.contains(this) || inode != null && inode.tree.containsValue(this),
          () -> inode == null ? List.of(fcdLock) : List.of(fcdLock, inode.daxSem));
      this.atomicRefcnt =
          variant.relaxedDec() ? new AtomicT(s, name + ".refcnt", "dmap->refcnt", 0, Kasan.Field.UNCHECKED) : null;
      this.refcnt =
          variant.refcountOn() && !variant.relaxedDec()
              ? new RefcountT(s, name + ".refcnt", "dmap->refcnt", 1)
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

    /** Sets dmap->inode and dmap->itn.start (the dmap is the caller's: on no list, in no tree). */
    void bind(Inode i, int s) {
      binding.store();
      inode = i;
      start = s;
    }

    /** dmap->inode, read under fcd->lock or the inode's fi->dax->sem. */
    Inode inodeLocked() {
      binding.load();
      return inode;
    }

    /** dmap->itn.start, read under fcd->lock or the inode's fi->dax->sem. */
    int startLocked() {
      binding.load();
      return start;
    }

    /** The variant's "in use" test; the 2019 tree has none. */
    boolean inUse() {
      if (atomicRefcnt != null) {
        return atomicRefcnt.atomicRead() != 0;
      }
      return refcnt != null && refcnt.refcountRead() > 1;
    }

    public String name() {
      return name;
    }

    /** dmap->refcnt, or the base count for the variant without one. */
    public int count() {
      if (atomicRefcnt != null) {
        return atomicRefcnt.value();
      }
      return refcnt != null ? refcnt.value() : variant.base();
    }

    /** dmap->inode: the inode whose tree holds it, or null. */
    public Inode inode() {
      return inode;
    }

    /** dmap->itn.start (0 when free). */
    public int start() {
      return start;
    }
  }

  /** A task's (or the worker's) kernel locals that the spec names, and where it is. */
  public static final class Task {
    private final String name;
    private final boolean faulter;
    private DaxPc pc = DaxPc.IDLE;
    private int accessesLeft;
    private Inode inode;
    private int range;
    private Dmap iomapPrivate;
    private Dmap allocDmap;
    private int reclaimStart;
    /** The worker holds an igrab() reference on {@code inode}. */
    private boolean holdsRef;
    /** The copy / PTE install is issued but not yet performed (not a spec variable). */
    private boolean windowInFlight;
    /** Accesses completed; where an endless task is in its plan (not a spec variable). */
    private int accessesDone;

    Task(String name, boolean faulter, int accesses) {
      this.name = name;
      this.faulter = faulter;
      this.accessesLeft = accesses;
    }

    DaxPc usePc() {
      return faulter ? DaxPc.INSERT_PFN : DaxPc.COPY;
    }

    void startAccess(Inode i, int r, DaxPc next) {
      inode = i;
      range = r;
      pc = next;
    }

    void endAccess(boolean counted) {
      iomapPrivate = null;
      accessesDone++;
      if (counted) {
        accessesLeft--;
      }
      inode = null;
      range = 0;
      pc = DaxPc.IDLE;
    }

    public String name() {
      return name;
    }

    public boolean faulter() {
      return faulter;
    }

    public DaxPc pc() {
      return pc;
    }

    public int accessesLeft() {
      return accessesLeft;
    }

    /** The access's inode (a task), try_to_free_dmap_chunks' {@code inode} (the worker); or null. */
    public Inode inode() {
      return inode;
    }

    /** pos >> FUSE_DAX_SHIFT of the access (0 when idle). */
    public int range() {
      return range;
    }

    /** iomap->private, or null. */
    public Dmap iomapPrivate() {
      return iomapPrivate;
    }

    /** fuse_setup_new_dax_mapping's alloc_dmap, or null. */
    public Dmap allocDmap() {
      return allocDmap;
    }

    /** start_idx of the range being reclaimed (0 when none). */
    public int reclaimStart() {
      return reclaimStart;
    }

    public boolean holdsRef() {
      return holdsRef;
    }

    /** Accesses completed so far (with the plan, where the task is in it). */
    public int accessesDone() {
      return accessesDone;
    }
  }
}

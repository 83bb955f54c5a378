package dev.lockstep.impl.tcmu;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.impl.runtime.Mutex;
import dev.lockstep.impl.runtime.Ordering;
import dev.lockstep.impl.runtime.PageAllocator;
import dev.lockstep.impl.runtime.PageAllocator.Page;
import dev.lockstep.impl.runtime.PageTable;
import dev.lockstep.impl.runtime.RwSemaphore;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.SharedVariable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tcmu data area ({@code drivers/target/target_core_user.c}) and the mm paths its races need,
 * on the deterministic runtime: one {@code struct tcmu_dev} with {@code cmdr_lock}, the {@code
 * data_pages} xarray (one slot, dpi 0), the {@code data_bitmap} bit of its block and {@code
 * global_page_count}; its inode's {@code mapping->invalidate_lock}; one user mm with {@code
 * mmap_lock} and its PTEs; and the tasks of specs/tcmu/TcmuFault.tla: faulting threads ({@code
 * tcmu_vma_fault} and the mm's {@code finish_fault}), {@code find_free_blocks}, one {@code
 * queue_cmd_ring}, and with zero copy {@code tcmu_irqcontrol} and a {@code munmap} of another
 * range. Methods are the kernel's functions; each scheduling point (or merged step, {@link
 * Scheduler#atomic}) is one action of the spec (the package documentation has the table). {@link
 * TcmuVariant} selects the code:
 *
 * <ul>
 *   <li>{@code pre-2022}: before a6968f7a367f "scsi: target: tcmu: Fix possible page UAF" (v5.18)
 *       and bb9b9eb0ae2e "scsi: target: tcmu: Fix possible data corruption" (v5.19);
 *   <li>{@code upstream}: after 325d5c5fb216 "scsi: target: tcmu: Avoid holding XArray lock when
 *       calling lock_page" (v5.19), as target_core_user.c is today: {@code tcmu_try_get_data_page}
 *       does {@code mutex_lock(&udev->cmdr_lock); page = xa_load(&udev->data_pages, dpi);
 *       get_page(page); lock_page(page); mutex_unlock(&udev->cmdr_lock)} and {@code tcmu_vma_fault}
 *       returns {@code VM_FAULT_LOCKED}; {@code tcmu_blocks_release} does {@code xa_erase},
 *       {@code lock_page}, {@code unlock_page}, {@code __free_page}, then {@code atomic_sub(pages_freed,
 *       &global_page_count)}; {@code find_free_blocks} calls it before {@code unmap_mapping_range};
 *   <li>{@code seed-002-series}: seed 002, "[PATCH v2 3/3] scsi: target: tcmu: Use
 *       address_space->invalidate_lock" (2022-03-23) on its series' 1/3 and 2/3;
 *   <li>{@code invalidate-lock}: seed 002's 3/3 on upstream;
 *   <li>{@code zero-copy-cmdr}: "[RFC 3/3] scsi: target: tcmu: Support zero copy" (2022-03-18) on
 *       upstream: {@code tcmu_cmd_zerocopy_map} and {@code tcmu_cmd_zerocopy_unmap} take {@code
 *       mmap_read_lock} under {@code cmdr_lock}; {@code zero-copy-cmdr-no-munmap} without the munmap;
 *       {@code zero-copy-invalidate}: the RFC plus seed 002's locking.
 * </ul>
 *
 * <p>Pages are {@link PageAllocator} frames with reference counts: the xarray slot, a fault between
 * {@code get_page} and {@code finish_fault}, and the PTE each hold one, and the last put frees the
 * frame. A use of a freed frame is reported ({@link #pageReports()}) and the run goes on.
 *
 * <p>Each task's {@link Task#pc() pc} is updated by task-local code right after the step it belongs
 * to, which the runtime makes part of that step. The accessors read the state between steps for
 * observers such as a refinement mapping; they take no locks.
 */
public final class TargetCoreUser {
  /** The user address of data_pages[0] (dpi 0) in the mm. */
  public static final String DATA_AREA = "data_area[0]";
  /** Zero copy: the command in flight at the start, whose completion user space has written. */
  public static final String INFLIGHT_CMD = "c0";
  /** Zero copy: the command queue_cmd_ring submits. */
  public static final String SUBMITTED_CMD = "c1";
  /** What scatter_data_area copies into the data page. */
  public static final String COMMAND_DATA = "data of the queued command";

  private final Scheduler s;
  private final TcmuConfig config;
  private final TcmuVariant variant;
  private final Map<String, Task> tasks = new LinkedHashMap<>();

  // struct tcmu_dev
  private final Mutex cmdrLock;
  /**
   * udev->data_pages[0], null when empty. Changed under cmdr_lock by xa_store/xa_erase (marked: the xarray publishes
   * with rcu_assign_pointer under its own xa_lock), looked up by xa_load (an RCU lookup, no lock) and read plainly by
   * cmdr_lock holders.
   */
  private Page dataPage;
  private final SharedVariable dataPages;
  /** The data_bitmap bit of the slot's block: a command owns the block. set_bit is atomic; find_last_bit plain. */
  private boolean blockInUse;
  private final SharedVariable dataBitmap;
  /** Zero copy: c0's completion is on the ring and not handled yet; read and cleared under cmdr_lock. */
  private boolean inflightCompletionPending;
  private final SharedVariable completionPending;

  // globals, the inode and the mm
  private final Mutex rootUdevMutex;
  /** atomic_t global_page_count. */
  private int globalPageCount;
  private final SharedVariable globalPageCountVar;
  private final RwSemaphore invalidateLock;
  private final RwSemaphore mmapLock;
  private final PageAllocator pages;
  private final PageTable mm;

  private TargetCoreUser(Scheduler s, TcmuConfig config) {
    this.s = s;
    this.config = config;
    this.variant = config.variant();
    this.cmdrLock = new Mutex(s, "udev->cmdr_lock");
    this.dataPages = SharedVariable.guardedBy(s, "udev->data_pages", "udev->data_pages", cmdrLock);
    this.dataBitmap = SharedVariable.guardedBy(s, "udev->data_bitmap", "udev->data_bitmap", cmdrLock);
    this.completionPending = SharedVariable.guardedBy(s, "the ring's completion of c0", "cmd ring completion", cmdrLock);
    this.globalPageCountVar = SharedVariable.lockless(s, "global_page_count", "global_page_count");
    this.rootUdevMutex = new Mutex(s, "root_udev_mutex");
    this.invalidateLock = new RwSemaphore(s, "mapping->invalidate_lock");
    this.mmapLock = new RwSemaphore(s, "mm->mmap_lock");
    this.pages = new PageAllocator(s, config.pageFrames());
    this.mm = new PageTable(s, "mm");
    // The slot holds a page whose block is idle: the command that used it completed.
    this.dataPage = pages.allocatedAtStart(TcmuConfig.INITIAL_PAGE, 1);
    this.globalPageCount = 1;
    if (variant.zeroCopy()) {
      mm.specialAtStart(zeroCopyArea(INFLIGHT_CMD), INFLIGHT_CMD);
      inflightCompletionPending = true;
    }
  }

  /**
   * Builds the model on {@code scheduler} and spawns its tasks: the faulting threads, then
   * find_free_blocks, queue_cmd_ring, and with zero copy tcmu_irqcontrol and (unless {@code
   * zero-copy-cmdr-no-munmap}) the munmap.
   */
  public static TargetCoreUser spawn(Scheduler scheduler, TcmuConfig config) {
    TargetCoreUser t = new TargetCoreUser(scheduler, config);
    for (String f : config.faults()) {
      Task task = t.task(f, t.variant.zeroCopy() ? TcmuPc.DO_USER_ADDR_FAULT : TcmuPc.TCMU_VMA_FAULT);
      scheduler.spawn(f, () -> t.doUserAddrFault(task));
    }
    Task worker = t.task(TcmuConfig.FIND_FREE_BLOCKS, TcmuPc.FIND_FREE_BLOCKS);
    scheduler.spawn(worker.name, () -> t.findFreeBlocks(worker));
    Task submitter = t.task(TcmuConfig.QUEUE_CMD_RING, TcmuPc.QUEUE_CMD_RING);
    scheduler.spawn(submitter.name, () -> t.tcmuQueueCmd(submitter));
    if (t.variant.zeroCopy()) {
      Task completion = t.task(TcmuConfig.TCMU_IRQCONTROL, TcmuPc.TCMU_IRQCONTROL);
      scheduler.spawn(completion.name, () -> t.tcmuIrqcontrol(completion));
    }
    if (t.variant.munmapRuns()) {
      Task munmap = t.task(TcmuConfig.MUNMAP, TcmuPc.MUNMAP);
      scheduler.spawn(munmap.name, () -> t.munmap(munmap));
    }
    return t;
  }

  private Task task(String name, TcmuPc start) {
    Task task = new Task(name, start);
    tasks.put(name, task);
    return task;
  }

  public TcmuConfig config() {
    return config;
  }

  private static String zeroCopyArea(String cmd) {
    return "zc_area[" + cmd + "]";
  }

  // ---- the fault ---------------------------------------------------------------------------------

  /**
   * The arch fault handler (do_user_addr_fault): with zero copy it holds mmap_read_lock around
   * handle_mm_fault, as every 2022 kernel did (later kernels retry under mmap_lock a VMA without
   * ->map_pages, which tcmu_vm_ops lacks); elsewhere mmap_lock has no writer and is left out.
   */
  private void doUserAddrFault(Task f) {
    if (variant.zeroCopy()) {
      mmapLock.downRead();
      f.pc = TcmuPc.TCMU_VMA_FAULT;
    }
    tcmuVmaFault(f);
    if (variant.zeroCopy()) {
      mmapLock.upRead();
      f.pc = TcmuPc.DONE;
    }
  }

  /** The pc after the fault's last step inside handle_mm_fault. */
  private TcmuPc faultReturn() {
    return variant.zeroCopy() ? TcmuPc.MMAP_READ_UNLOCK : TcmuPc.DONE;
  }

  /**
   * tcmu_vma_fault for the data area (dpi 0): tcmu_try_get_data_page, VM_FAULT_SIGBUS if the slot
   * is empty; pre-2022 takes get_page here, after the lock. Then the mm's do_read_fault:
   * finish_fault installs the PTE, and with VM_FAULT_LOCKED unlock_page follows.
   */
  private void tcmuVmaFault(Task f) {
    Page page = tcmuTryGetDataPage(f);
    if (page == null) {
      return;
    }
    if (f.pc == TcmuPc.GET_PAGE) {
      page.getPage();
      f.pc = TcmuPc.FINISH_FAULT;
    }
    mm.finishFault(DATA_AREA, page);
    if (variant.pageLockFix()) {
      f.pc = TcmuPc.UNLOCK_PAGE;
      page.lock().unlock();
    }
    f.page = null;
    f.pc = faultReturn();
  }

  /**
   * tcmu_try_get_data_page: the lookup lock (cmdr_lock; seed 002: invalidate_lock shared), xa_load,
   * since a6968f7a367f get_page and since bb9b9eb0ae2e lock_page under it, then the unlock. Returns
   * null (SIGBUS) for an empty slot, having dropped the lock in the xa_load step.
   */
  private Page tcmuTryGetDataPage(Task f) {
    if (variant.invalidateLocking()) {
      invalidateLock.downRead();
    } else {
      cmdrLock.lock();
    }
    f.pc = TcmuPc.XA_LOAD;
    s.atomic(
        () -> {
          Page page = xaLoad();
          if (page == null) {
            // "Userspace messed up and passed in a address not in the data iov"
            faultLookupUnlock();
            f.pc = faultReturn();
            return;
          }
          f.page = page;
          if (variant.getPageUnderLock() && !config.broken(TcmuConfig.GET_PAGE_AFTER_UNLOCK)) {
            page.getPage();
          }
          f.pc = variant.pageLockFix() ? TcmuPc.LOCK_PAGE : TcmuPc.TCMU_TRY_GET_DATA_PAGE_UNLOCK;
        });
    Page page = f.page;
    if (page == null) {
      return null;
    }
    if (variant.pageLockFix()) {
      page.lock().lock();
      f.pc = TcmuPc.TCMU_TRY_GET_DATA_PAGE_UNLOCK;
    }
    faultLookupUnlock();
    f.pc =
        variant.getPageUnderLock() && !config.broken(TcmuConfig.GET_PAGE_AFTER_UNLOCK)
            ? TcmuPc.FINISH_FAULT
            : TcmuPc.GET_PAGE;
    return page;
  }

  private void faultLookupUnlock() {
    if (variant.invalidateLocking()) {
      invalidateLock.upRead();
    } else {
      cmdrLock.unlock();
    }
  }

  /** xa_load(&udev->data_pages, 0): the RCU lookup takes no lock. */
  private Page xaLoad() {
    return s.step("xa_load(&udev->data_pages, 0)", Ordering.ACQUIRE, () -> {
      dataPages.marked(SharedVariable.Kind.LOAD, Ordering.ACQUIRE);
      return dataPage;
    });
  }

  // ---- find_free_blocks --------------------------------------------------------------------------

  /**
   * find_free_blocks (tcmu_unmap_work), global_page_count over its limit: root_udev_mutex, then
   * for the device cmdr_lock, tcmu_handle_completions, (seed 002) filemap_invalidate_lock,
   * find_last_bit, and if the block is idle the release and the unmap, in the variant's order.
   */
  private void findFreeBlocks(Task w) {
    rootUdevMutex.lock();
    w.pc = TcmuPc.MUTEX_LOCK;
    s.atomic(
        () -> {
          cmdrLock.lock();
          w.pc = tcmuHandleCompletions(w);
        });
    if (w.pc == TcmuPc.TCMU_CMD_ZEROCOPY_UNMAP) {
      tcmuCmdZerocopyUnmap(w);
    }
    if (w.pc == TcmuPc.FILEMAP_INVALIDATE_LOCK) {
      // a busy semaphore queues the writer in this step, and it takes it in a later one
      invalidateLock.downWrite();
      w.pc = findLastBit();
    }
    if (w.pc != TcmuPc.MUTEX_UNLOCK) {
      if (unmapBeforeRelease()) {
        unmapMappingRange(w, TcmuPc.XA_ERASE);
      }
      tcmuBlocksRelease(w);
      if (!unmapBeforeRelease()) {
        unmapMappingRange(w, TcmuPc.MUTEX_UNLOCK);
      }
    }
    s.atomic(
        () -> {
          if (invalidateLock.writer().isPresent()) {
            invalidateLock.upWrite();
          }
          cmdrLock.unlock();
          rootUdevMutex.unlock();
          w.pc = TcmuPc.DONE;
        });
  }

  private boolean unmapBeforeRelease() {
    return !variant.pageLockFix() || config.broken(TcmuConfig.UNMAP_BEFORE_RELEASE);
  }

  /** Where find_free_blocks goes once tcmu_handle_completions is done. */
  private TcmuPc afterCompletions(Task w) {
    if (!w.name.equals(TcmuConfig.FIND_FREE_BLOCKS)) {
      return TcmuPc.MUTEX_UNLOCK;
    }
    return variant.invalidateLocking() ? TcmuPc.FILEMAP_INVALIDATE_LOCK : findLastBit();
  }

  /**
   * find_last_bit(udev->data_bitmap, end): a block a command owns cannot be reclaimed, nor an empty
   * one. Read in the step that takes the worker's last lock; both change only under cmdr_lock.
   */
  private TcmuPc findLastBit() {
    dataBitmap.load();
    dataPages.load();
    if (blockInUse || dataPage == null) {
      return TcmuPc.MUTEX_UNLOCK;
    }
    return unmapBeforeRelease() ? TcmuPc.UNMAP_MAPPING_RANGE : TcmuPc.XA_ERASE;
  }

  /**
   * tcmu_blocks_release for the slot: xa_erase, since bb9b9eb0ae2e lock_page + unlock_page (waits
   * for a fault that has the page locked, i.e. has not installed its PTE), __free_page (the
   * xarray's reference), atomic_sub(pages_freed, &global_page_count).
   */
  private void tcmuBlocksRelease(Task w) {
    s.perform(
        "xa_erase(&udev->data_pages, 0)",
        Ordering.RELEASE,
        () -> {
          dataPages.marked(SharedVariable.Kind.RMW, Ordering.RELEASE);
          w.page = dataPage;
          dataPage = null;
        });
    w.pc = variant.pageLockFix() ? TcmuPc.LOCK_PAGE_UNLOCK_PAGE : TcmuPc.FREE_PAGE;
    Page page = w.page;
    if (variant.pageLockFix()) {
      s.atomic(
          () -> {
            page.lock().lock();
            page.lock().unlock();
            w.pc = TcmuPc.FREE_PAGE;
          });
    }
    page.freePage();
    w.page = null;
    w.pc = TcmuPc.ATOMIC_SUB;
    s.perform("atomic_sub(1, &global_page_count)", Ordering.RELAXED, () -> {
      globalPageCountVar.marked(SharedVariable.Kind.RMW, Ordering.RELAXED);
      globalPageCount--;
    });
    w.pc = unmapBeforeRelease() ? TcmuPc.MUTEX_UNLOCK : TcmuPc.UNMAP_MAPPING_RANGE;
  }

  /** unmap_mapping_range(udev->inode->i_mapping, off, 0, 1): zaps the slot's PTE (i_mmap_rwsem). */
  private void unmapMappingRange(Task w, TcmuPc next) {
    mm.zap("unmap_mapping_range", DATA_AREA);
    w.pc = next;
  }

  // ---- the completion (zero copy) ----------------------------------------------------------------

  /**
   * tcmu_handle_completions, under cmdr_lock, in the step that took it: c0's completion, if still
   * pending, goes to tcmu_cmd_zerocopy_unmap.
   */
  private TcmuPc tcmuHandleCompletions(Task a) {
    completionPending.load();
    return inflightCompletionPending ? TcmuPc.TCMU_CMD_ZEROCOPY_UNMAP : afterCompletions(a);
  }

  /**
   * tcmu_handle_completion -> tcmu_cmd_zerocopy_unmap (the RFC): mmap_read_lock(mm) while holding
   * cmdr_lock; zap_page_range of c0's iovs, mmap_read_unlock, and target_complete_cmd hands c0's
   * pages back.
   */
  private void tcmuCmdZerocopyUnmap(Task a) {
    mmapLock.downRead();
    a.pc = TcmuPc.ZAP_PAGE_RANGE;
    s.atomic(
        () -> {
          mm.zap("zap_page_range", zeroCopyArea(INFLIGHT_CMD));
          mmapLock.upRead();
          s.perform("target_complete_cmd(" + INFLIGHT_CMD + ")", Ordering.RELAXED,
              () -> {
                completionPending.store();
                inflightCompletionPending = false;
              });
          a.pc = afterCompletions(a);
        });
  }

  /** tcmu_irqcontrol (user space wrote the uio fd): cmdr_lock, tcmu_handle_completions, unlock. */
  private void tcmuIrqcontrol(Task c) {
    s.atomic(
        () -> {
          cmdrLock.lock();
          c.pc = tcmuHandleCompletions(c);
        });
    if (c.pc == TcmuPc.TCMU_CMD_ZEROCOPY_UNMAP) {
      tcmuCmdZerocopyUnmap(c);
    }
    cmdrLock.unlock();
    c.pc = TcmuPc.DONE;
  }

  // ---- queue_cmd_ring ----------------------------------------------------------------------------

  /**
   * tcmu_queue_cmd: mutex_lock(&udev->cmdr_lock); queue_cmd_ring; mutex_unlock. Copy mode: the
   * command takes the slot's block (its data_bitmap bit; it is idle whenever the submitter starts,
   * so the command never waits on qfull_queue here), tcmu_get_empty_block puts a new page into an
   * empty slot (seed 002's 2/3 first unmaps it), and scatter_data_area copies the data. Zero copy:
   * a zc_data_bitmap block and tcmu_cmd_zerocopy_map.
   */
  private void tcmuQueueCmd(Task q) {
    s.atomic(
        () -> {
          cmdrLock.lock();
          if (variant.zeroCopy()) {
            q.pc = TcmuPc.TCMU_CMD_ZEROCOPY_MAP;
            return;
          }
          s.perform("set_bit(0, udev->data_bitmap)", Ordering.RELAXED, () -> {
            dataBitmap.marked(SharedVariable.Kind.RMW, Ordering.RELAXED);
            blockInUse = true;
          });
          if (xaLoad() != null) {
            q.pc = TcmuPc.SCATTER_DATA_AREA;
          } else {
            q.pc = variant.unmapOnRefill() ? TcmuPc.TCMU_ALLOC_DATA_SPACE : TcmuPc.TCMU_GET_EMPTY_BLOCK;
          }
        });
    if (variant.zeroCopy()) {
      tcmuCmdZerocopyMap(q);
    } else {
      if (q.pc == TcmuPc.TCMU_ALLOC_DATA_SPACE) {
        // seed 002's series v2 2/3: unmap the blocks dbi_thresh grows over
        mm.zap("unmap_mapping_range", DATA_AREA);
        q.pc = TcmuPc.TCMU_GET_EMPTY_BLOCK;
      }
      if (q.pc == TcmuPc.TCMU_GET_EMPTY_BLOCK) {
        tcmuGetEmptyBlock(q);
      }
      dataPages.load();
      Page page = dataPage;
      page.write("scatter_data_area", COMMAND_DATA);
      q.pc = TcmuPc.MUTEX_UNLOCK;
    }
    cmdrLock.unlock();
    q.pc = TcmuPc.DONE;
  }

  /** tcmu_get_empty_block: alloc_page, xa_store into the slot, atomic_inc(&global_page_count). */
  private void tcmuGetEmptyBlock(Task q) {
    s.atomic(
        () -> {
          Page page = pages.allocPage();
          s.perform("xa_store(&udev->data_pages, 0, " + page.name() + ")", Ordering.RELEASE, () -> {
            dataPages.marked(SharedVariable.Kind.STORE, Ordering.RELEASE);
            dataPage = page;
          });
          s.perform("atomic_inc(&global_page_count)", Ordering.RELAXED, () -> {
            globalPageCountVar.marked(SharedVariable.Kind.RMW, Ordering.RELAXED);
            globalPageCount++;
          });
          q.pc = TcmuPc.SCATTER_DATA_AREA;
        });
  }

  /**
   * tcmu_cmd_zerocopy_map (the RFC): mmap_read_lock(udev->vma_vm_mm) under cmdr_lock;
   * vm_insert_pages_mkspecial of c1's SGL pages into the zero-copy area; mmap_read_unlock.
   */
  private void tcmuCmdZerocopyMap(Task q) {
    mmapLock.downRead();
    q.pc = TcmuPc.VM_INSERT_PAGES_MKSPECIAL;
    s.atomic(
        () -> {
          mm.insertSpecial(zeroCopyArea(SUBMITTED_CMD), SUBMITTED_CMD);
          mmapLock.upRead();
          q.pc = TcmuPc.MUTEX_UNLOCK;
        });
  }

  // ---- munmap ------------------------------------------------------------------------------------

  /** munmap of another range of the mm: mmap_write_lock, do_munmap, mmap_write_unlock. */
  private void munmap(Task m) {
    // a busy semaphore queues the writer in this step, and it takes it in a later one
    mmapLock.downWrite();
    m.pc = TcmuPc.DO_MUNMAP;
    s.atomic(
        () -> {
          s.perform("do_munmap(another range)", Ordering.RELAXED, () -> {});
          mmapLock.upWrite();
          m.pc = TcmuPc.DONE;
        });
  }

  // ---- observers (between steps, no locks) -------------------------------------------------------

  /** The tasks, in spawn order. */
  public Collection<Task> tasks() {
    return tasks.values();
  }

  /** udev->data_pages[0]. */
  public Optional<Page> dataPage() {
    return Optional.ofNullable(dataPage);
  }

  public boolean blockInUse() {
    return blockInUse;
  }

  public int globalPageCount() {
    return globalPageCount;
  }

  public boolean inflightCompletionPending() {
    return inflightCompletionPending;
  }

  /** The zero-copy commands whose pages user space maps (special PTEs). */
  public ImmutableSet<String> zeroCopyMapped() {
    return mm.specialMappings();
  }

  /** The page the PTE of the data area maps: what user space reads there. */
  public Optional<Page> dataAreaPte() {
    return mm.pageAt(DATA_AREA);
  }

  public ImmutableList<Page> pageFrames() {
    return pages.frames();
  }

  public Optional<String> cmdrLockOwner() {
    return cmdrLock.owner();
  }

  public boolean rootUdevMutexHeld() {
    return rootUdevMutex.owner().isPresent();
  }

  public RwSemaphore invalidateLock() {
    return invalidateLock;
  }

  public RwSemaphore mmapLock() {
    return mmapLock;
  }

  /** Use-after-free reports of page frames so far, in order. */
  public ImmutableList<String> pageReports() {
    return pages.reports();
  }

  // ---- tasks -------------------------------------------------------------------------------------

  /** A task's kernel locals that the spec names, and where it is. */
  public static final class Task {
    private final String name;
    private TcmuPc pc;
    /** A fault: vmf->page, from xa_load to the PTE (to unlock_page). find_free_blocks: the erased page. */
    private Page page;

    Task(String name, TcmuPc pc) {
      this.name = name;
      this.pc = pc;
    }

    public String name() {
      return name;
    }

    public TcmuPc pc() {
      return pc;
    }

    public Optional<Page> page() {
      return Optional.ofNullable(page);
    }
  }
}

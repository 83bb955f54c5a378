----------------------------- MODULE TcmuFault -----------------------------
(***************************************************************************)
(* tcmu data-area page fault vs. find_free_blocks, and the zero-copy RFC's *)
(* mmap_lock paths (drivers/target/target_core_user.c).                    *)
(*                                                                         *)
(* Question (seed 002, "[v2,3/3] scsi: target: tcmu: Use                   *)
(* address_space->invalidate_lock", Xiaoguang Wang, 2022-03-23, not        *)
(* merged): may tcmu_vma_fault take mapping->invalidate_lock shared        *)
(* instead of udev->cmdr_lock?  Bodo Stroesser (2022-04-01): "what is the  *)
(* advantage of concurrency here?"  Xiaoguang (2022-04-04): (1) concurrent *)
(* faults while a device warms up, (2) a fault stalls behind               *)
(* queue_cmd_ring copying SGL data under cmdr_lock, (3) zero copy would    *)
(* call zap_page_range (mmap_lock) in tcmu_handle_completion under         *)
(* cmdr_lock: "abba dead lock" against the fault (mmap_lock, cmdr_lock).   *)
(*                                                                         *)
(* Modelled functions and locks                                            *)
(*  - fault: do_user_addr_fault holds mmap_lock (read) (modelled only      *)
(*    with zero copy, see Simplifications); tcmu_vma_fault ->              *)
(*    tcmu_try_get_data_page: lookup lock (cmdr_lock, or seed 002's        *)
(*    invalidate_lock shared), xa_load(&udev->data_pages, dpi), get_page,  *)
(*    lock_page, unlock, VM_FAULT_LOCKED; the mm (do_read_fault ->         *)
(*    finish_fault) installs the PTE, then unlock_page.  No page: SIGBUS.  *)
(*  - find_free_blocks (tcmu_unmap_work): root_udev_mutex, cmdr_lock,      *)
(*    tcmu_handle_completions, find_last_bit on data_bitmap,               *)
(*    tcmu_blocks_release (xa_erase, lock_page/unlock_page, __free_page,   *)
(*    atomic_sub(global_page_count)), unmap_mapping_range, unlock.         *)
(*  - queue_cmd_ring (under cmdr_lock, taken by tcmu_queue_cmd):           *)
(*    tcmu_alloc_data_space / tcmu_get_empty_block put a new page in an    *)
(*    empty data_pages slot, scatter_data_area copies the SGL data.        *)
(*                                                                         *)
(* Variants, each with its source                                          *)
(*  "pre-2022": the code before a6968f7a367f "scsi: target: tcmu: Fix      *)
(*    possible page UAF" (v5.18): get_page in tcmu_vma_fault after         *)
(*    cmdr_lock is dropped; and before bb9b9eb0ae2e "scsi: target: tcmu:   *)
(*    Fix possible data corruption" (v5.19): no page lock,                 *)
(*    unmap_mapping_range BEFORE tcmu_blocks_release.                      *)
(*  "upstream": the code after 325d5c5fb216 "scsi: target: tcmu: Avoid    *)
(*    holding XArray lock when calling lock_page" (v5.19), unchanged in    *)
(*    the current file (>= v6.13): get_page + lock_page under cmdr_lock,   *)
(*    the page stays locked until the PTE is in; tcmu_blocks_release       *)
(*    (xa_erase, lock_page/unlock_page, __free_page) runs BEFORE           *)
(*    unmap_mapping_range.  (bb9b9eb0ae2e did lock_page under xas_lock;    *)
(*    325d5c5fb216 moved it out.  A fault's xa_load takes no XArray lock,  *)
(*    so the model is the same for both.)                                  *)
(*  "seed-002-series": seed 002 as posted, on its series "three bug fixes  *)
(*    about tcmu page fault handle" v2 of 2022-03-23: 1/3 = the page UAF   *)
(*    fix (get_page under the lookup lock); 2/3 "Fix possible data         *)
(*    corruption" v2 = unmap_mapping_range of the blocks that              *)
(*    tcmu_alloc_data_space adds when it grows dbi_thresh (NOT             *)
(*    bb9b9eb0ae2e: no page lock, unmap still before release); 3/3 = the   *)
(*    fault takes filemap_invalidate_lock_shared instead of cmdr_lock, and *)
(*    find_free_blocks takes filemap_invalidate_lock after cmdr_lock and   *)
(*    holds it across unmap_mapping_range + tcmu_blocks_release.           *)
(*  "invalidate-lock" (analysis): seed 002's lock swap (its 3/3) applied   *)
(*    to "upstream", i.e. on top of both merged fixes.                     *)
(*  "zero-copy-cmdr": "[RFC 3/3] scsi: target: tcmu: Support zero copy"    *)
(*    (2022-03-18, not merged; quoted whole in Bodo's review of            *)
(*    2022-03-22) on "upstream"'s data-area code.  queue_cmd_ring maps a   *)
(*    zero-copy command's SGL pages at once (tcmu_cmd_zerocopy_map:        *)
(*    mmap_read_lock, vm_insert_pages_mkspecial, mmap_read_unlock) into a  *)
(*    separate zero-copy area (zc_data_bitmap), as special PTEs that hold  *)
(*    no page reference; they are never in data_pages, and the RFC does   *)
(*    not change tcmu_vma_fault or find_free_blocks.  The completion       *)
(*    (tcmu_handle_completions -> tcmu_handle_completion ->                *)
(*    tcmu_cmd_zerocopy_unmap) zaps them: mmap_read_lock, zap_page_range,  *)
(*    mmap_read_unlock; then target_complete_cmd hands the pages back.     *)
(*    Both run under cmdr_lock; tcmu_handle_completions is called by       *)
(*    tcmu_irqcontrol and by find_free_blocks.  zap_page_range takes no    *)
(*    mmap_lock itself; the RFC's caller does.  A munmap of another range  *)
(*    of the same mm is an mmap_lock writer.                               *)
(*  "zero-copy-cmdr-no-munmap" (analysis): the same without the munmap.    *)
(*  "zero-copy-invalidate" (analysis): the RFC plus seed 002's locking     *)
(*    (its 3/3) on "upstream".  Neither the RFC nor seed 002 puts          *)
(*    invalidate_lock into the completion or queue_cmd_ring.               *)
(*  Mutations (mutant-*.cfg only): each undoes one fix of a variant whose  *)
(*    checks hold, to show those checks can fail; see Broken(m).           *)
(*                                                                         *)
(* Simplifications (and why they do not hide the races)                    *)
(*  - One data-area slot (dpi 0) and one user mm with one PTE for it; the  *)
(*    races are per page.  Two faulting threads of that mm touch it.  A    *)
(*    fault on the zero-copy area takes the same lookup lock, finds no     *)
(*    data page and gets SIGBUS: the empty-slot path of XaLoad.            *)
(*  - Pages are ids with a refcount and an allocated flag; the page is     *)
(*    freed (allocated = FALSE) when its last reference is put.  The       *)
(*    xarray slot, a fault between get_page and finish_fault, and the PTE  *)
(*    each hold one reference, as in the kernel.  Two ids suffice: the     *)
(*    refill needs one page other than the stale one.  Zero-copy SGL pages *)
(*    are not ids: their special PTEs hold no reference, so only which     *)
(*    commands are mapped (zcMapped) is kept.                              *)
(*  - One find_free_blocks run on one device; the global_page_count        *)
(*    threshold is assumed exceeded.  Copy mode: one queue_cmd_ring        *)
(*    submission; a command that finds its block busy waits on             *)
(*    qfull_queue without any lock, modelled as not starting (~inUse).     *)
(*    Zero copy: command c0 is mapped and user space has completed it      *)
(*    (its completion is pending); queue_cmd_ring submits c1 zero-copy;    *)
(*    tcmu_irqcontrol runs once.  The data slot's block is idle.  Copy-    *)
(*    mode submissions, which take no mmap_lock, are left out there, and   *)
(*    so is the timeout path (tcmu_check_expired_ring_cmd also unmaps).    *)
(*  - mmap_lock is modelled only in the zero-copy variants: elsewhere no   *)
(*    actor of the model writes it, so it cannot block anyone.  The ABBA   *)
(*    needs the fault to hold mmap_lock: true in 2022 kernels.  Kernels    *)
(*    with per-VMA locks (v6.4+) first try the fault under the VMA lock,   *)
(*    but mm/memory.c's vmf_can_call_fault returns VM_FAULT_RETRY for a    *)
(*    vma whose vm_ops has no ->map_pages (tcmu_vm_ops has none), and the  *)
(*    arch fault handler retries under mmap_read_lock.                     *)
(*  - Lock steps that cannot block and touch only the actor's own state    *)
(*    are merged with the next step (e.g. the releaser's lock_page +       *)
(*    unlock_page is one step, enabled when the page is unlocked; no fault *)
(*    can want that page lock meanwhile, since the slot no longer holds    *)
(*    it and the releaser's lock excludes lookups; zap_page_range and      *)
(*    vm_insert_pages_mkspecial are merged with the mmap_read_unlock after *)
(*    them).                                                               *)
(*  - find_last_bit (is the block idle?) is decided in the step that gets *)
(*    the worker's last lock, and whether a completion is pending in the   *)
(*    step that gets cmdr_lock: both change only under cmdr_lock.  Actors  *)
(*    absent from a variant start "done".  Finished is the only stuttering *)
(*    step and is enabled only when every actor is "done".                 *)
(*  - rw_semaphore (mmap_lock, invalidate_lock): a reader gets it iff no   *)
(*    writer holds it and no writer is queued; a writer that finds it busy *)
(*    queues (its own step) and blocks new readers.  For mmap_lock in the  *)
(*    ABBA this is rwsem_down_read_slowpath: no lock stealing while the    *)
(*    lock is reader-owned and the reader count, the new reader included,  *)
(*    is above one, so the new reader queues behind the writer.            *)
(*                                                                         *)
(* Fairness: every actor is kernel code (a faulting thread inside the      *)
(* fault handler, a workqueue item, the submitting thread) that the        *)
(* scheduler keeps running while it is runnable: weak fairness per actor.  *)
(* Mutexes and rw_semaphores are not FIFO-fair, so no strong fairness.     *)
(* The checks in expectations.txt are safety and deadlock checks only.     *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, TLC

CONSTANTS
    Variant,   \* which kernel code is modelled, see header
    Faults,    \* faulting threads (model values)
    Mutations  \* fixes broken on purpose (mutant-*.cfg); {} for the variants

Variants == {"pre-2022", "upstream", "seed-002-series", "invalidate-lock",
             "zero-copy-cmdr", "zero-copy-cmdr-no-munmap",
             "zero-copy-invalidate"}
ASSUME Variant \in Variants
ASSUME Cardinality(Faults) >= 2
\* Each mutation breaks one fix (or one locking rule) of a variant whose
\* checks hold, so that every "holds" is shown to be able to fail (see
\* README.md, "Mutants").
ASSUME Mutations \subseteq {"unmap-before-release", "double-get-page",
                            "find-free-blocks-no-invalidate-lock"}
Broken(m) == m \in Mutations

Worker     == "find_free_blocks"
Submitter  == "queue_cmd_ring"
Completion == "tcmu_irqcontrol"
Munmap     == "munmap"
None       == "none"

ZeroCopy == Variant \in {"zero-copy-cmdr", "zero-copy-cmdr-no-munmap",
                         "zero-copy-invalidate"}
MunmapRuns == ZeroCopy /\ Variant # "zero-copy-cmdr-no-munmap"
\* Seed 002 (3/3): which lock tcmu_try_get_data_page takes, and whether
\* find_free_blocks takes invalidate_lock exclusive.
InvalidateLocking ==
    Variant \in {"seed-002-series", "invalidate-lock", "zero-copy-invalidate"}
WorkerTakesInvalidateLock ==
    InvalidateLocking /\ ~Broken("find-free-blocks-no-invalidate-lock")
\* a6968f7a367f "Fix possible page UAF": get_page under the lookup lock.
GetPageUnderLock == Variant # "pre-2022"
\* bb9b9eb0ae2e "Fix possible data corruption": the fault returns the page
\* locked, tcmu_blocks_release waits on the page lock, and release runs
\* before unmap_mapping_range (mutation "unmap-before-release" undoes only
\* the order).
PageLockFix == Variant \notin {"pre-2022", "seed-002-series"}
UnmapBeforeRelease == ~PageLockFix \/ Broken("unmap-before-release")
\* Seed 002's series v2 2/3: unmap when tcmu_alloc_data_space grows
\* dbi_thresh over the released block.
UnmapOnRefill == Variant = "seed-002-series"

Actors == Faults \cup {Worker, Submitter, Completion, Munmap}
\* Actors that may call tcmu_cmd_zerocopy_unmap / _map under cmdr_lock.
MmapUnderCmdrLock == {Worker, Submitter, Completion}

Pages  == {"p1", "p2"}
NoPage == "nopage"
\* Zero-copy commands: c0 in flight (completed by user space), c1 submitted.
ZcCommands == {"c0", "c1"}

FaultSymmetry == Permutations(Faults)

VARIABLES
    pc,              \* pc[a]: the next step of actor a
    slot,            \* udev->data_pages[dpi]: a page or NoPage
    pte,             \* user PTE for the slot's address: a page or NoPage
    ref,             \* page refcount
    allocated,       \* FALSE = the page is back in the page allocator
    page,            \* page[a]: the page actor a works on (vmf->page, xas entry)
    inUse,           \* data_bitmap bit of the slot's block (a command owns it)
    globalPageCount, \* global_page_count
    zcMapped,        \* zero-copy commands whose SGL pages user space maps
    zcCompletion,    \* c0's completion is still to be handled
    cmdrLock,        \* holder of udev->cmdr_lock or None
    invReaders,      \* holders of mapping->invalidate_lock (shared)
    invWriter,       \* holder of mapping->invalidate_lock (exclusive) or None
    mmapReaders,     \* holders of mm->mmap_lock (read)
    mmapWriter,      \* holder of mm->mmap_lock (write) or None
    pageLock,        \* pageLock[p]: holder of PG_locked or None
    rootUdevMutex    \* root_udev_mutex held (only find_free_blocks takes it)

memVars  == <<slot, pte, ref, allocated, page, inUse, globalPageCount>>
zcVars   == <<zcMapped, zcCompletion>>
lockVars == <<cmdrLock, invReaders, invWriter, mmapReaders, mmapWriter,
              pageLock, rootUdevMutex>>
vars == <<pc, memVars, zcVars, lockVars>>

Goto(a, next) == pc' = [pc EXCEPT ![a] = next]

\* put_page: the last put frees the page.
Put(p) == /\ ref' = [ref EXCEPT ![p] = @ - 1]
          /\ allocated' = [allocated EXCEPT ![p] = @ /\ ref[p] > 1]

\* unmap_mapping_range on the slot's address: zaps the PTE and puts its
\* page reference.  (Takes i_mmap_rwsem, not mmap_lock.)
ZapSlotPte ==
    /\ pte' = NoPage
    /\ IF pte # NoPage THEN Put(pte) ELSE UNCHANGED <<ref, allocated>>

\* rw_semaphore: a queued writer blocks new readers.
InvWriterQueued  == pc[Worker] = "filemap_invalidate_lock_wait"
InvReadable      == invWriter = None /\ ~InvWriterQueued
InvFree          == invWriter = None /\ invReaders = {}
MmapWriterQueued == pc[Munmap] = "mmap_write_lock_wait"
MmapReadable     == mmapWriter = None /\ ~MmapWriterQueued
MmapFree         == mmapWriter = None /\ mmapReaders = {}

Init ==
    /\ pc = [a \in Actors |->
               CASE a \in Faults  -> IF ZeroCopy THEN "do_user_addr_fault"
                                                 ELSE "tcmu_vma_fault"
                 [] a = Worker     -> "find_free_blocks"
                 [] a = Submitter  -> "queue_cmd_ring"
                 [] a = Completion -> IF ZeroCopy THEN "tcmu_irqcontrol" ELSE "done"
                 [] a = Munmap     -> IF MunmapRuns THEN "munmap" ELSE "done"]
    \* p1 sits in the slot and its block is idle (the command that used it
    \* completed), so find_free_blocks may release it.
    /\ slot = "p1"
    /\ pte = NoPage
    /\ ref = [p \in Pages |-> IF p = "p1" THEN 1 ELSE 0]
    /\ allocated = [p \in Pages |-> p = "p1"]
    /\ page = [a \in Actors |-> NoPage]
    /\ inUse = FALSE
    /\ globalPageCount = 1
    /\ zcMapped = IF ZeroCopy THEN {"c0"} ELSE {}
    /\ zcCompletion = ZeroCopy
    /\ cmdrLock = None
    /\ invReaders = {}
    /\ invWriter = None
    /\ mmapReaders = {}
    /\ mmapWriter = None
    /\ pageLock = [p \in Pages |-> None]
    /\ rootUdevMutex = FALSE

-----------------------------------------------------------------------------
(* Faulting thread f.                                                      *)

\* do_user_addr_fault: mmap_read_lock (modelled only for zero copy).
DoUserAddrFault(f) ==
    /\ pc[f] = "do_user_addr_fault"
    /\ MmapReadable
    /\ mmapReaders' = mmapReaders \cup {f}
    /\ Goto(f, "tcmu_vma_fault")
    /\ UNCHANGED <<memVars, zcVars, cmdrLock, invReaders, invWriter,
                   mmapWriter, pageLock, rootUdevMutex>>

\* tcmu_vma_fault -> tcmu_try_get_data_page: mutex_lock(&udev->cmdr_lock),
\* or (seed 002) filemap_invalidate_lock_shared(mapping).
TcmuVmaFault(f) ==
    /\ pc[f] = "tcmu_vma_fault"
    /\ IF InvalidateLocking
         THEN /\ InvReadable
              /\ invReaders' = invReaders \cup {f}
              /\ UNCHANGED cmdrLock
         ELSE /\ cmdrLock = None
              /\ cmdrLock' = f
              /\ UNCHANGED invReaders
    /\ Goto(f, "xa_load")
    /\ UNCHANGED <<memVars, zcVars, invWriter, mmapReaders, mmapWriter,
                   pageLock, rootUdevMutex>>

ReleaseFaultLock(f) ==
    IF InvalidateLocking
      THEN invReaders' = invReaders \ {f} /\ UNCHANGED cmdrLock
      ELSE cmdrLock' = None /\ UNCHANGED invReaders

\* xa_load(&udev->data_pages, dpi); since "Fix possible page UAF" also
\* get_page under the lock.  An empty slot means VM_FAULT_SIGBUS.
XaLoad(f) ==
    /\ pc[f] = "xa_load"
    /\ IF slot = NoPage
         THEN /\ ReleaseFaultLock(f)
              /\ Goto(f, IF ZeroCopy THEN "mmap_read_unlock" ELSE "done")
              /\ UNCHANGED <<page, ref, allocated>>
         ELSE /\ page' = [page EXCEPT ![f] = slot]
              /\ IF GetPageUnderLock
                   THEN ref' = [ref EXCEPT ![slot] = @ + 1]
                   ELSE UNCHANGED ref
              /\ Goto(f, IF PageLockFix THEN "lock_page"
                                        ELSE "tcmu_try_get_data_page_unlock")
              /\ UNCHANGED <<cmdrLock, invReaders, allocated>>
    /\ UNCHANGED <<slot, pte, inUse, globalPageCount, zcVars, invWriter,
                   mmapReaders, mmapWriter, pageLock, rootUdevMutex>>

\* lock_page(page) while still holding the lookup lock ("Fix possible data
\* corruption"): the page stays locked until the mm has installed the PTE.
LockPage(f) ==
    /\ pc[f] = "lock_page"
    /\ pageLock[page[f]] = None
    /\ pageLock' = [pageLock EXCEPT ![page[f]] = f]
    /\ Goto(f, "tcmu_try_get_data_page_unlock")
    /\ UNCHANGED <<memVars, zcVars, cmdrLock, invReaders, invWriter,
                   mmapReaders, mmapWriter, rootUdevMutex>>

\* mutex_unlock(&udev->cmdr_lock) / filemap_invalidate_unlock_shared and
\* return the page to the mm.
TcmuTryGetDataPageUnlock(f) ==
    /\ pc[f] = "tcmu_try_get_data_page_unlock"
    /\ ReleaseFaultLock(f)
    \* mutation "double-get-page": the UAF fix moved get_page under the
    \* lock but left the old get_page in tcmu_vma_fault (a leaked reference)
    /\ Goto(f, IF GetPageUnderLock /\ ~Broken("double-get-page")
                 THEN "finish_fault" ELSE "get_page")
    /\ UNCHANGED <<memVars, zcVars, invWriter, mmapReaders, mmapWriter,
                   pageLock, rootUdevMutex>>

\* pre-2022: get_page(page) in tcmu_vma_fault, after cmdr_lock was dropped.
GetPage(f) ==
    /\ pc[f] = "get_page"
    /\ ref' = [ref EXCEPT ![page[f]] = @ + 1]
    /\ Goto(f, "finish_fault")
    /\ UNCHANGED <<slot, pte, allocated, page, inUse, globalPageCount, zcVars,
                   lockVars>>

\* The mm: do_read_fault -> finish_fault -> set_pte_at.  The fault's page
\* reference moves to the PTE; if another thread's fault installed the PTE
\* first (VM_FAULT_NOPAGE) the reference is put.
FinishFault(f) ==
    /\ pc[f] = "finish_fault"
    /\ IF pte = NoPage
         THEN pte' = page[f] /\ UNCHANGED <<ref, allocated>>
         ELSE Put(page[f]) /\ UNCHANGED pte
    /\ IF PageLockFix
         THEN Goto(f, "unlock_page") /\ UNCHANGED page
         ELSE /\ Goto(f, IF ZeroCopy THEN "mmap_read_unlock" ELSE "done")
              /\ page' = [page EXCEPT ![f] = NoPage]
    /\ UNCHANGED <<slot, inUse, globalPageCount, zcVars, lockVars>>

\* do_read_fault: unlock_page(vmf->page) after the PTE is in place.
UnlockPage(f) ==
    /\ pc[f] = "unlock_page"
    /\ pageLock' = [pageLock EXCEPT ![page[f]] = None]
    /\ page' = [page EXCEPT ![f] = NoPage]
    /\ Goto(f, IF ZeroCopy THEN "mmap_read_unlock" ELSE "done")
    /\ UNCHANGED <<slot, pte, ref, allocated, inUse, globalPageCount, zcVars,
                   cmdrLock, invReaders, invWriter, mmapReaders, mmapWriter,
                   rootUdevMutex>>

\* End of do_user_addr_fault: mmap_read_unlock.
FaultMmapReadUnlock(f) ==
    /\ pc[f] = "mmap_read_unlock"
    /\ mmapReaders' = mmapReaders \ {f}
    /\ Goto(f, "done")
    /\ UNCHANGED <<memVars, zcVars, cmdrLock, invReaders, invWriter,
                   mmapWriter, pageLock, rootUdevMutex>>

FaultStep(f) ==
    \/ DoUserAddrFault(f) \/ TcmuVmaFault(f) \/ XaLoad(f) \/ LockPage(f)
    \/ TcmuTryGetDataPageUnlock(f) \/ GetPage(f) \/ FinishFault(f)
    \/ UnlockPage(f) \/ FaultMmapReadUnlock(f)

-----------------------------------------------------------------------------
(* Zero copy ("[RFC 3/3]"): the mmap_lock paths under cmdr_lock, shared by  *)
(* the actors that call them.                                               *)

\* Where an actor holding cmdr_lock goes after tcmu_handle_completions.
WorkerReleaseStart ==
    \* find_last_bit: a block owned by a command cannot be reclaimed.
    IF inUse \/ slot = NoPage THEN "mutex_unlock"
    ELSE IF UnmapBeforeRelease THEN "unmap_mapping_range" ELSE "xa_erase"
AfterCompletions(a) ==
    CASE a = Worker     -> IF WorkerTakesInvalidateLock
                             THEN "filemap_invalidate_lock"
                             ELSE WorkerReleaseStart
      [] a = Completion -> "mutex_unlock"
\* tcmu_handle_completions: c0's completion, if still pending, unmaps it.
HandleCompletions(a) ==
    IF zcCompletion THEN "tcmu_cmd_zerocopy_unmap" ELSE AfterCompletions(a)

\* tcmu_cmd_zerocopy_unmap: mmap_read_lock(mm), still holding cmdr_lock.
TcmuCmdZerocopyUnmap(a) ==
    /\ pc[a] = "tcmu_cmd_zerocopy_unmap"
    /\ MmapReadable
    /\ mmapReaders' = mmapReaders \cup {a}
    /\ Goto(a, "zap_page_range")
    /\ UNCHANGED <<memVars, zcVars, cmdrLock, invReaders, invWriter,
                   mmapWriter, pageLock, rootUdevMutex>>

\* zap_page_range of c0's iovs, mmap_read_unlock; then tcmu_handle_completion
\* hands c0's SGL pages back (target_complete_cmd).
ZapPageRange(a) ==
    /\ pc[a] = "zap_page_range"
    /\ zcMapped' = zcMapped \ {"c0"}
    /\ zcCompletion' = FALSE
    /\ mmapReaders' = mmapReaders \ {a}
    /\ Goto(a, AfterCompletions(a))
    /\ UNCHANGED <<memVars, cmdrLock, invReaders, invWriter, mmapWriter,
                   pageLock, rootUdevMutex>>

ZerocopyUnmapStep(a) == TcmuCmdZerocopyUnmap(a) \/ ZapPageRange(a)

-----------------------------------------------------------------------------
(* find_free_blocks (tcmu_unmap_work).                                      *)

FindFreeBlocks ==
    /\ pc[Worker] = "find_free_blocks"
    /\ ~rootUdevMutex
    /\ rootUdevMutex' = TRUE
    /\ Goto(Worker, "mutex_lock")
    /\ UNCHANGED <<memVars, zcVars, cmdrLock, invReaders, invWriter,
                   mmapReaders, mmapWriter, pageLock>>

\* mutex_lock(&udev->cmdr_lock); tcmu_handle_completions.
WorkerMutexLock ==
    /\ pc[Worker] = "mutex_lock"
    /\ cmdrLock = None
    /\ cmdrLock' = Worker
    /\ Goto(Worker, HandleCompletions(Worker))
    /\ UNCHANGED <<memVars, zcVars, invReaders, invWriter, mmapReaders,
                   mmapWriter, pageLock, rootUdevMutex>>

\* filemap_invalidate_lock (seed 002): take it, or queue as a waiting writer.
FilemapInvalidateLock ==
    /\ pc[Worker] = "filemap_invalidate_lock"
    /\ IF InvFree
         THEN invWriter' = Worker /\ Goto(Worker, WorkerReleaseStart)
         ELSE UNCHANGED invWriter /\ Goto(Worker, "filemap_invalidate_lock_wait")
    /\ UNCHANGED <<memVars, zcVars, cmdrLock, invReaders, mmapReaders,
                   mmapWriter, pageLock, rootUdevMutex>>

\* rwsem_down_write_slowpath: the queued writer gets the lock.
FilemapInvalidateLockSlowpath ==
    /\ pc[Worker] = "filemap_invalidate_lock_wait"
    /\ InvFree
    /\ invWriter' = Worker
    /\ Goto(Worker, WorkerReleaseStart)
    /\ UNCHANGED <<memVars, zcVars, cmdrLock, invReaders, mmapReaders,
                   mmapWriter, pageLock, rootUdevMutex>>

\* tcmu_blocks_release: xa_erase(&udev->data_pages, dpi); later lookups find
\* nothing (SIGBUS).
XaErase ==
    /\ pc[Worker] = "xa_erase"
    /\ slot' = NoPage
    /\ page' = [page EXCEPT ![Worker] = slot]
    /\ Goto(Worker, IF PageLockFix THEN "lock_page_unlock_page" ELSE "__free_page")
    /\ UNCHANGED <<pte, ref, allocated, inUse, globalPageCount, zcVars,
                   lockVars>>

\* lock_page(page); unlock_page(page): waits for a fault that still has the
\* page locked, i.e. has not installed its PTE yet.
LockPageUnlockPage ==
    /\ pc[Worker] = "lock_page_unlock_page"
    /\ pageLock[page[Worker]] = None
    /\ Goto(Worker, "__free_page")
    /\ UNCHANGED <<memVars, zcVars, lockVars>>

\* __free_page drops the xarray's reference.
FreePage ==
    /\ pc[Worker] = "__free_page"
    /\ Put(page[Worker])
    /\ page' = [page EXCEPT ![Worker] = NoPage]
    /\ Goto(Worker, "atomic_sub")
    /\ UNCHANGED <<slot, pte, inUse, globalPageCount, zcVars, lockVars>>

AtomicSub ==
    /\ pc[Worker] = "atomic_sub"
    /\ globalPageCount' = globalPageCount - 1
    /\ Goto(Worker, IF UnmapBeforeRelease THEN "mutex_unlock"
                                          ELSE "unmap_mapping_range")
    /\ UNCHANGED <<slot, pte, ref, allocated, page, inUse, zcVars, lockVars>>

\* unmap_mapping_range(udev->inode->i_mapping, off, 0, 1).
UnmapMappingRange ==
    /\ pc[Worker] = "unmap_mapping_range"
    /\ ZapSlotPte
    /\ Goto(Worker, IF UnmapBeforeRelease THEN "xa_erase" ELSE "mutex_unlock")
    /\ UNCHANGED <<slot, page, inUse, globalPageCount, zcVars, lockVars>>

\* filemap_invalidate_unlock, mutex_unlock(cmdr_lock), mutex_unlock(root_udev_mutex).
WorkerMutexUnlock ==
    /\ pc[Worker] = "mutex_unlock"
    /\ cmdrLock' = None
    /\ invWriter' = None
    /\ rootUdevMutex' = FALSE
    /\ Goto(Worker, "done")
    /\ UNCHANGED <<memVars, zcVars, invReaders, mmapReaders, mmapWriter,
                   pageLock>>

WorkerStep ==
    \/ FindFreeBlocks \/ WorkerMutexLock \/ ZerocopyUnmapStep(Worker)
    \/ FilemapInvalidateLock \/ FilemapInvalidateLockSlowpath
    \/ UnmapMappingRange \/ XaErase \/ LockPageUnlockPage \/ FreePage
    \/ AtomicSub \/ WorkerMutexUnlock

-----------------------------------------------------------------------------
(* queue_cmd_ring (tcmu_queue_cmd holds cmdr_lock).                         *)

\* mutex_lock(&udev->cmdr_lock); tcmu_alloc_data_space.  Copy mode: a busy
\* block means the command waits on qfull_queue without the lock (it does
\* not start); an empty slot gets a new page.  Zero copy: a zc_data_bitmap
\* block, then tcmu_cmd_zerocopy_map.
QueueCmdRing ==
    /\ pc[Submitter] = "queue_cmd_ring"
    /\ cmdrLock = None
    /\ ZeroCopy \/ ~inUse
    /\ cmdrLock' = Submitter
    /\ IF ZeroCopy THEN UNCHANGED inUse ELSE inUse' = TRUE
    /\ Goto(Submitter, CASE ZeroCopy       -> "tcmu_cmd_zerocopy_map"
                         [] slot # NoPage  -> "scatter_data_area"
                         [] UnmapOnRefill  -> "tcmu_alloc_data_space"
                         [] OTHER          -> "tcmu_get_empty_block")
    /\ UNCHANGED <<slot, pte, ref, allocated, page, globalPageCount, zcVars,
                   invReaders, invWriter, mmapReaders, mmapWriter, pageLock,
                   rootUdevMutex>>

\* Seed 002's series v2 2/3: tcmu_alloc_data_space grows dbi_thresh over the
\* released block and first calls unmap_mapping_range on it.
TcmuAllocDataSpace ==
    /\ pc[Submitter] = "tcmu_alloc_data_space"
    /\ ZapSlotPte
    /\ Goto(Submitter, "tcmu_get_empty_block")
    /\ UNCHANGED <<slot, page, inUse, globalPageCount, zcVars, lockVars>>

\* tcmu_get_empty_block: alloc_page + xa_store of a NEW page in the slot.
TcmuGetEmptyBlock ==
    /\ pc[Submitter] = "tcmu_get_empty_block"
    /\ \E p \in Pages :
         /\ ~allocated[p]
         /\ slot' = p
         /\ ref' = [ref EXCEPT ![p] = @ + 1]
         /\ allocated' = [allocated EXCEPT ![p] = TRUE]
    /\ globalPageCount' = globalPageCount + 1
    /\ Goto(Submitter, "scatter_data_area")
    /\ UNCHANGED <<pte, page, inUse, zcVars, lockVars>>

\* scatter_data_area: copies the SGL data into the data pages while still
\* holding cmdr_lock (long for big I/O).
ScatterDataArea ==
    /\ pc[Submitter] = "scatter_data_area"
    /\ Goto(Submitter, "mutex_unlock")
    /\ UNCHANGED <<memVars, zcVars, lockVars>>

\* tcmu_cmd_zerocopy_map: mmap_read_lock(udev->vma_vm_mm), under cmdr_lock.
TcmuCmdZerocopyMap ==
    /\ pc[Submitter] = "tcmu_cmd_zerocopy_map"
    /\ MmapReadable
    /\ mmapReaders' = mmapReaders \cup {Submitter}
    /\ Goto(Submitter, "vm_insert_pages_mkspecial")
    /\ UNCHANGED <<memVars, zcVars, cmdrLock, invReaders, invWriter,
                   mmapWriter, pageLock, rootUdevMutex>>

\* vm_insert_pages_mkspecial of c1's SGL pages, mmap_read_unlock.
VmInsertPagesMkspecial ==
    /\ pc[Submitter] = "vm_insert_pages_mkspecial"
    /\ zcMapped' = zcMapped \cup {"c1"}
    /\ mmapReaders' = mmapReaders \ {Submitter}
    /\ Goto(Submitter, "mutex_unlock")
    /\ UNCHANGED <<memVars, zcCompletion, cmdrLock, invReaders, invWriter,
                   mmapWriter, pageLock, rootUdevMutex>>

SubmitterMutexUnlock ==
    /\ pc[Submitter] = "mutex_unlock"
    /\ cmdrLock' = None
    /\ Goto(Submitter, "done")
    /\ UNCHANGED <<memVars, zcVars, invReaders, invWriter, mmapReaders,
                   mmapWriter, pageLock, rootUdevMutex>>

SubmitterStep ==
    \/ QueueCmdRing \/ TcmuAllocDataSpace \/ TcmuGetEmptyBlock
    \/ ScatterDataArea \/ TcmuCmdZerocopyMap \/ VmInsertPagesMkspecial
    \/ SubmitterMutexUnlock

-----------------------------------------------------------------------------
(* Zero copy: tcmu_irqcontrol, and a munmap of another range of the mm.     *)

\* tcmu_irqcontrol: mutex_lock(&udev->cmdr_lock); tcmu_handle_completions.
TcmuIrqcontrol ==
    /\ pc[Completion] = "tcmu_irqcontrol"
    /\ cmdrLock = None
    /\ cmdrLock' = Completion
    /\ Goto(Completion, HandleCompletions(Completion))
    /\ UNCHANGED <<memVars, zcVars, invReaders, invWriter, mmapReaders,
                   mmapWriter, pageLock, rootUdevMutex>>

CompletionMutexUnlock ==
    /\ pc[Completion] = "mutex_unlock"
    /\ cmdrLock' = None
    /\ Goto(Completion, "done")
    /\ UNCHANGED <<memVars, zcVars, invReaders, invWriter, mmapReaders,
                   mmapWriter, pageLock, rootUdevMutex>>

CompletionStep ==
    TcmuIrqcontrol \/ ZerocopyUnmapStep(Completion) \/ CompletionMutexUnlock

\* munmap -> mmap_write_lock: take it, or queue and block new readers.
MmapWriteLock ==
    /\ pc[Munmap] = "munmap"
    /\ IF MmapFree
         THEN mmapWriter' = Munmap /\ Goto(Munmap, "do_munmap")
         ELSE UNCHANGED mmapWriter /\ Goto(Munmap, "mmap_write_lock_wait")
    /\ UNCHANGED <<memVars, zcVars, cmdrLock, invReaders, invWriter,
                   mmapReaders, pageLock, rootUdevMutex>>

MmapWriteLockSlowpath ==
    /\ pc[Munmap] = "mmap_write_lock_wait"
    /\ MmapFree
    /\ mmapWriter' = Munmap
    /\ Goto(Munmap, "do_munmap")
    /\ UNCHANGED <<memVars, zcVars, cmdrLock, invReaders, invWriter,
                   mmapReaders, pageLock, rootUdevMutex>>

\* do_munmap of an unrelated range, then mmap_write_unlock.
DoMunmap ==
    /\ pc[Munmap] = "do_munmap"
    /\ mmapWriter' = None
    /\ Goto(Munmap, "done")
    /\ UNCHANGED <<memVars, zcVars, cmdrLock, invReaders, invWriter,
                   mmapReaders, pageLock, rootUdevMutex>>

MunmapStep == MmapWriteLock \/ MmapWriteLockSlowpath \/ DoMunmap

-----------------------------------------------------------------------------

Step(a) ==
    CASE a \in Faults  -> FaultStep(a)
      [] a = Worker     -> WorkerStep
      [] a = Submitter  -> SubmitterStep
      [] a = Completion -> CompletionStep
      [] a = Munmap     -> MunmapStep

\* Stutter only when every actor has finished, so that CHECK_DEADLOCK
\* reports exactly the states where someone is stuck.
Finished == (\A a \in Actors : pc[a] = "done") /\ UNCHANGED vars

\* A disjunction of the actors' steps (not \E a : Step(a)), so that TLC
\* labels trace steps with the kernel step names.
Next ==
    \/ \E f \in Faults : FaultStep(f)
    \/ WorkerStep \/ SubmitterStep \/ CompletionStep \/ MunmapStep
    \/ Finished

Fairness == \A a \in Actors : WF_vars(Step(a))

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Invariants.                                                             *)

Holder == Actors \cup {None}

TypeOK ==
    /\ pc \in [Actors -> STRING]
    /\ slot \in Pages \cup {NoPage}
    /\ pte \in Pages \cup {NoPage}
    /\ ref \in [Pages -> 0..(Cardinality(Faults) + 2)]
    /\ allocated \in [Pages -> BOOLEAN]
    /\ page \in [Actors -> Pages \cup {NoPage}]
    /\ inUse \in BOOLEAN
    /\ globalPageCount \in 0..Cardinality(Pages)
    /\ zcMapped \subseteq ZcCommands
    /\ zcCompletion \in BOOLEAN
    /\ cmdrLock \in Holder
    /\ invReaders \subseteq Faults
    /\ invWriter \in {Worker, None}
    /\ mmapReaders \subseteq Faults \cup MmapUnderCmdrLock
    /\ mmapWriter \in {Munmap, None}
    /\ pageLock \in [Pages -> Faults \cup {None}]
    /\ rootUdevMutex \in BOOLEAN

\* The data corruption of "Fix possible data corruption": once the slot
\* holds a page, a PTE for it maps that very page, never an earlier one
\* that was released and replaced.  (Between xa_erase and
\* unmap_mapping_range the slot is empty and no command can use the block,
\* so an old PTE there is harmless; the bug is when it survives the refill.)
NoStaleMapping ==
    (pte # NoPage /\ slot # NoPage) => pte = slot

\* Steps at which fault f owns a page reference (after get_page, before the
\* reference moves to the PTE).
FaultHoldsRef(f) ==
    \/ pc[f] = "finish_fault"
    \/ GetPageUnderLock /\ pc[f] \in {"lock_page", "tcmu_try_get_data_page_unlock"}

\* "Fix possible page UAF": no freed page is referenced by a PTE, locked, or
\* held by a fault.
NoPageUseAfterFree ==
    /\ \A f \in Faults : FaultHoldsRef(f) => allocated[page[f]]
    /\ pte # NoPage => allocated[pte]
    /\ \A p \in Pages : pageLock[p] # None => allocated[p]

-----------------------------------------------------------------------------
(* Witnesses (checked as ~W: "reachable" = W happens).                      *)

\* Between the lookup lock and returning the page.
InFaultCriticalSection(f) ==
    pc[f] \in {"xa_load", "lock_page", "tcmu_try_get_data_page_unlock"}

ConcurrentFaults ==
    \E f, g \in Faults : f # g /\ InFaultCriticalSection(f)
                               /\ InFaultCriticalSection(g)

\* The holder of the lock fault f needs for its next step (None if free).
FaultBlockedBy(f) ==
    CASE pc[f] = "tcmu_vma_fault" /\ ~InvalidateLocking -> cmdrLock
      [] pc[f] = "tcmu_vma_fault" /\ InvalidateLocking  -> invWriter
      [] pc[f] = "lock_page"                            -> pageLock[page[f]]
      [] pc[f] = "do_user_addr_fault"                   -> mmapWriter
      [] OTHER                                          -> None

FaultWaitsBehindCopy ==
    /\ pc[Submitter] = "scatter_data_area"
    /\ \E f \in Faults : FaultBlockedBy(f) = Submitter

=============================================================================

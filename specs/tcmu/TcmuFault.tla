----------------------------- MODULE TcmuFault -----------------------------
(***************************************************************************)
(* tcmu data-area page fault vs. find_free_blocks                          *)
(* (drivers/target/target_core_user.c).                                    *)
(*                                                                         *)
(* Question (seed 002, "[v2,3/3] scsi: target: tcmu: Use                   *)
(* address_space->invalidate_lock", Xiaoguang Wang, March 2022, not        *)
(* merged): may tcmu_vma_fault take mapping->invalidate_lock shared        *)
(* instead of udev->cmdr_lock?  Bodo Stroesser: "what is the advantage of  *)
(* concurrency here?"  Xiaoguang: (1) concurrent faults while a device     *)
(* warms up, (2) a fault stalls behind queue_cmd_ring copying SGL data     *)
(* under cmdr_lock, (3) a future zero-copy mode whose completion calls     *)
(* zap_page_range (mmap_lock) under cmdr_lock, an ABBA against the fault.  *)
(*                                                                         *)
(* Modelled functions, locks and commits                                   *)
(*  - fault: tcmu_vma_fault -> tcmu_try_get_data_page: lock (cmdr_lock,    *)
(*    or invalidate_lock shared), xa_load(&udev->data_pages, dpi),         *)
(*    get_page, lock_page, unlock, return VM_FAULT_LOCKED; the mm          *)
(*    (do_read_fault -> finish_fault) installs the PTE, then unlock_page.  *)
(*  - find_free_blocks (tcmu_unmap_work): root_udev_mutex, cmdr_lock,      *)
(*    find_last_bit on data_bitmap, tcmu_blocks_release (xa_erase,         *)
(*    lock_page/unlock_page, __free_page, atomic_sub(global_page_count)),  *)
(*    unmap_mapping_range, unlock.                                         *)
(*  - queue_cmd_ring: cmdr_lock held while tcmu_get_empty_block allocates  *)
(*    a data page for an empty slot and scatter_data_area copies SGL data. *)
(*  - Variants:                                                            *)
(*    "pre-2022": the code before "scsi: target: tcmu: Fix possible page   *)
(*      UAF" and "scsi: target: tcmu: Fix possible data corruption" (both  *)
(*      2022, v5.18): get_page after cmdr_lock is dropped, no page lock,   *)
(*      unmap_mapping_range BEFORE tcmu_blocks_release.                    *)
(*    "upstream": both fixes: get_page + lock_page under cmdr_lock, page   *)
(*      locked until the PTE is installed, release waits on the page lock  *)
(*      and runs BEFORE unmap_mapping_range.                               *)
(*    "invalidate-lock": seed 002 on top of the two fixes (the seed's diff *)
(*      context predates the data-corruption fix; the series' 1/3 and 2/3  *)
(*      were those fixes): the fault takes filemap_invalidate_lock_shared  *)
(*      instead of cmdr_lock; find_free_blocks takes                       *)
(*      filemap_invalidate_lock (exclusive) after cmdr_lock.               *)
(*    "zero-copy-cmdr" / "zero-copy-invalidate": the zero-copy RFC (NOT    *)
(*      merged; its code is *unverified*, we model what seed 002 and       *)
(*      kernel-protocols.md say): the data page of a command is the SGL    *)
(*      page itself; the completion (tcmu_irqcontrol ->                    *)
(*      tcmu_handle_completion) holds cmdr_lock, takes the page away like  *)
(*      tcmu_blocks_release (xa_erase, lock_page/unlock_page) and removes  *)
(*      the user mapping with zap_page_range, which needs mmap_lock        *)
(*      (read); then it returns the page to the initiator.  The fault      *)
(*      runs under mmap_lock (read), taken by do_user_addr_fault.  A       *)
(*      munmap (of an unrelated range of the same mm) is an mmap_lock      *)
(*      writer.  "zero-copy-invalidate" adds seed 002's locking: the fault *)
(*      uses invalidate_lock shared, the completion takes invalidate_lock  *)
(*      exclusive around xa_erase + lock_page/unlock_page and drops it     *)
(*      before zap_page_range (our reading, see README: holding it across  *)
(*      zap_page_range would recreate the ABBA).                           *)
(*  - Mutations (mutant-*.cfg only): each undoes one fix of a variant      *)
(*    whose checks hold, to show those checks can fail; see Broken(m).     *)
(*                                                                         *)
(* Simplifications (and why they do not hide the race)                     *)
(*  - One data-area slot (dpi 0) and one user mm with one PTE for it; the  *)
(*    races are per page.  Two faulting threads of that mm touch it.       *)
(*  - Pages are ids with a refcount and an allocated flag; the page is     *)
(*    freed (allocated = FALSE) when its last reference is put.  The       *)
(*    xarray slot, a fault between get_page and finish_fault, and the PTE  *)
(*    each hold one reference, as in the kernel.  Two ids suffice: the     *)
(*    refill needs one page other than the stale one.                      *)
(*  - One find_free_blocks run on one device; the global_page_count        *)
(*    threshold is assumed exceeded.  One queue_cmd_ring submission (and,  *)
(*    for zero copy, one completion of the command already in flight).  A *)
(*    command that finds its block busy waits on qfull_queue without any  *)
(*    lock, modelled as not starting (guard ~inUse).                       *)
(*  - mmap_lock is modelled only in the zero-copy variants: elsewhere no   *)
(*    actor of the model writes it, so it cannot block anyone.             *)
(*  - Lock steps that cannot block and touch only the actor's own state    *)
(*    are merged with the next step (e.g. the releaser's lock_page +       *)
(*    unlock_page is one step, enabled when the page is unlocked; no fault *)
(*    can want that page lock meanwhile, since the slot no longer holds    *)
(*    it and the releaser's lock excludes lookups).  zap_page_range takes  *)
(*    and drops mmap_lock in one step: what matters is whether it can get  *)
(*    it.                                                                  *)
(*  - find_last_bit (is the block idle?) is decided in the step that gets  *)
(*    the releaser's last lock: inUse and the slot change only under       *)
(*    cmdr_lock.  The completion and munmap actors exist in every variant  *)
(*    but start "done" without zero copy.  Finished is the only stuttering *)
(*    step and is enabled only when every actor is "done".                 *)
(*  - rw_semaphore (mmap_lock, invalidate_lock): a reader gets it iff no   *)
(*    writer holds it and no writer is queued; a writer that finds it busy *)
(*    queues (its own step) and blocks new readers.                        *)
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

Variants == {"pre-2022", "upstream", "invalidate-lock",
             "zero-copy-cmdr", "zero-copy-invalidate"}
ASSUME Variant \in Variants
ASSUME Cardinality(Faults) >= 2
\* Each mutation breaks one fix (or one locking rule) of a variant whose
\* checks hold, so that every "holds" is shown to be able to fail (see
\* README.md, "Mutants").
ASSUME Mutations \subseteq {"unmap-before-release", "no-2022-fixes",
                            "double-get-page",
                            "find-free-blocks-no-invalidate-lock",
                            "completion-no-invalidate-lock",
                            "zap-under-invalidate-lock"}
Broken(m) == m \in Mutations

Worker     == "find_free_blocks"
Submitter  == "queue_cmd_ring"
Completion == "tcmu_irqcontrol"
Munmap     == "munmap"
None       == "none"

ZeroCopy == Variant \in {"zero-copy-cmdr", "zero-copy-invalidate"}
\* Which lock tcmu_try_get_data_page takes.
InvalidateLocking == Variant \in {"invalidate-lock", "zero-copy-invalidate"}
\* "Fix possible page UAF" + "Fix possible data corruption".  Mutation
\* "no-2022-fixes": seed 002 taken literally, on the code its diff context
\* shows (before both fixes).
PageLockFix == Variant # "pre-2022" /\ ~Broken("no-2022-fixes")
\* tcmu_blocks_release before unmap_mapping_range is part of "Fix possible
\* data corruption"; mutation "unmap-before-release" undoes only that.
UnmapBeforeRelease == ~PageLockFix \/ Broken("unmap-before-release")
\* Seed 002: find_free_blocks and the zero-copy completion take
\* invalidate_lock exclusive; the two mutations drop it from one of them.
WorkerTakesInvalidateLock ==
    InvalidateLocking /\ ~Broken("find-free-blocks-no-invalidate-lock")
CompletionTakesInvalidateLock ==
    InvalidateLocking /\ ~Broken("completion-no-invalidate-lock")

\* The completion and the munmap exist only with zero copy; in the other
\* variants they start (and stay) "done", so pc keeps one shape.
Actors == Faults \cup {Worker, Submitter, Completion, Munmap}
Releasers == {Worker, Completion}

Pages  == {"p1", "p2"}
NoPage == "nopage"

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
    cmdrLock,        \* holder of udev->cmdr_lock or None
    invReaders,      \* holders of mapping->invalidate_lock (shared)
    invWriter,       \* holder of mapping->invalidate_lock (exclusive) or None
    mmapReaders,     \* holders of mm->mmap_lock (read)
    mmapWriter,      \* holder of mm->mmap_lock (write) or None
    pageLock,        \* pageLock[p]: holder of PG_locked or None
    rootUdevMutex    \* root_udev_mutex held (only find_free_blocks takes it)

memVars  == <<slot, pte, ref, allocated, page, inUse, globalPageCount>>
lockVars == <<cmdrLock, invReaders, invWriter, mmapReaders, mmapWriter,
              pageLock, rootUdevMutex>>
vars == <<pc, memVars, lockVars>>

Goto(a, next) == pc' = [pc EXCEPT ![a] = next]

\* put_page: the last put frees the page.
Put(p) == /\ ref' = [ref EXCEPT ![p] = @ - 1]
          /\ allocated' = [allocated EXCEPT ![p] = @ /\ ref[p] > 1]

\* rw_semaphore: a queued writer blocks new readers.
InvWriterQueued  == \E a \in Releasers : pc[a] = "filemap_invalidate_lock_wait"
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
                 [] a = Munmap     -> IF ZeroCopy THEN "munmap" ELSE "done"]
    \* p1 sits in the slot.  Copy mode: its block is idle (the command that
    \* used it completed), so find_free_blocks may release it.  Zero copy:
    \* p1 is the SGL page of a command in flight, which the completion ends.
    /\ slot = "p1"
    /\ pte = NoPage
    /\ ref = [p \in Pages |-> IF p = "p1" THEN 1 ELSE 0]
    /\ allocated = [p \in Pages |-> p = "p1"]
    /\ page = [a \in Actors |-> NoPage]
    /\ inUse = ZeroCopy
    /\ globalPageCount = 1
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
    /\ UNCHANGED <<memVars, cmdrLock, invReaders, invWriter, mmapWriter,
                   pageLock, rootUdevMutex>>

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
    /\ UNCHANGED <<memVars, invWriter, mmapReaders, mmapWriter, pageLock,
                   rootUdevMutex>>

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
              /\ IF PageLockFix
                   THEN /\ ref' = [ref EXCEPT ![slot] = @ + 1]
                        /\ Goto(f, "lock_page")
                   ELSE /\ UNCHANGED ref
                        /\ Goto(f, "tcmu_try_get_data_page_unlock")
              /\ UNCHANGED <<cmdrLock, invReaders, allocated>>
    /\ UNCHANGED <<slot, pte, inUse, globalPageCount, invWriter, mmapReaders,
                   mmapWriter, pageLock, rootUdevMutex>>

\* lock_page(page) while still holding the lookup lock ("Fix possible data
\* corruption"): the page stays locked until the mm has installed the PTE.
LockPage(f) ==
    /\ pc[f] = "lock_page"
    /\ pageLock[page[f]] = None
    /\ pageLock' = [pageLock EXCEPT ![page[f]] = f]
    /\ Goto(f, "tcmu_try_get_data_page_unlock")
    /\ UNCHANGED <<memVars, cmdrLock, invReaders, invWriter, mmapReaders,
                   mmapWriter, rootUdevMutex>>

\* mutex_unlock(&udev->cmdr_lock) / filemap_invalidate_unlock_shared and
\* return the page to the mm.
TcmuTryGetDataPageUnlock(f) ==
    /\ pc[f] = "tcmu_try_get_data_page_unlock"
    /\ ReleaseFaultLock(f)
    \* mutation "double-get-page": the UAF fix moved get_page under the
    \* lock but left the old get_page in tcmu_vma_fault (a leaked reference)
    /\ Goto(f, IF PageLockFix /\ ~Broken("double-get-page") THEN "finish_fault"
                                                           ELSE "get_page")
    /\ UNCHANGED <<memVars, invWriter, mmapReaders, mmapWriter, pageLock,
                   rootUdevMutex>>

\* pre-2022: get_page(page) in tcmu_vma_fault, after cmdr_lock was dropped.
GetPage(f) ==
    /\ pc[f] = "get_page"
    /\ ref' = [ref EXCEPT ![page[f]] = @ + 1]
    /\ Goto(f, "finish_fault")
    /\ UNCHANGED <<slot, pte, allocated, page, inUse, globalPageCount,
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
         ELSE Goto(f, "done") /\ page' = [page EXCEPT ![f] = NoPage]
    /\ UNCHANGED <<slot, inUse, globalPageCount, lockVars>>

\* do_read_fault: unlock_page(vmf->page) after the PTE is in place.
UnlockPage(f) ==
    /\ pc[f] = "unlock_page"
    /\ pageLock' = [pageLock EXCEPT ![page[f]] = None]
    /\ page' = [page EXCEPT ![f] = NoPage]
    /\ Goto(f, IF ZeroCopy THEN "mmap_read_unlock" ELSE "done")
    /\ UNCHANGED <<slot, pte, ref, allocated, inUse, globalPageCount,
                   cmdrLock, invReaders, invWriter, mmapReaders, mmapWriter,
                   rootUdevMutex>>

\* End of do_user_addr_fault: mmap_read_unlock.
FaultMmapReadUnlock(f) ==
    /\ pc[f] = "mmap_read_unlock"
    /\ mmapReaders' = mmapReaders \ {f}
    /\ Goto(f, "done")
    /\ UNCHANGED <<memVars, cmdrLock, invReaders, invWriter, mmapWriter,
                   pageLock, rootUdevMutex>>

FaultStep(f) ==
    \/ DoUserAddrFault(f) \/ TcmuVmaFault(f) \/ XaLoad(f) \/ LockPage(f)
    \/ TcmuTryGetDataPageUnlock(f) \/ GetPage(f) \/ FinishFault(f)
    \/ UnlockPage(f) \/ FaultMmapReadUnlock(f)

-----------------------------------------------------------------------------
(* Steps shared by the releasers: find_free_blocks and, for zero copy, the  *)
(* completion.                                                              *)

\* Where a releaser goes once it holds cmdr_lock (and invalidate_lock).
WorkerReleaseStart ==
    \* find_last_bit: a block owned by a command cannot be reclaimed.
    IF inUse \/ slot = NoPage THEN "mutex_unlock"
    ELSE IF UnmapBeforeRelease THEN "unmap_mapping_range" ELSE "xa_erase"
AfterInvalidateLock(a) ==
    IF a = Worker THEN WorkerReleaseStart ELSE "xa_erase"

\* filemap_invalidate_lock: take it, or queue as a waiting writer.
FilemapInvalidateLock(a) ==
    /\ pc[a] = "filemap_invalidate_lock"
    /\ IF InvFree
         THEN invWriter' = a /\ Goto(a, AfterInvalidateLock(a))
         ELSE UNCHANGED invWriter /\ Goto(a, "filemap_invalidate_lock_wait")
    /\ UNCHANGED <<memVars, cmdrLock, invReaders, mmapReaders, mmapWriter,
                   pageLock, rootUdevMutex>>

\* rwsem_down_write_slowpath: the queued writer gets the lock.
FilemapInvalidateLockSlowpath(a) ==
    /\ pc[a] = "filemap_invalidate_lock_wait"
    /\ InvFree
    /\ invWriter' = a
    /\ Goto(a, AfterInvalidateLock(a))
    /\ UNCHANGED <<memVars, cmdrLock, invReaders, mmapReaders, mmapWriter,
                   pageLock, rootUdevMutex>>

\* xa_erase(&udev->data_pages, dpi): later lookups find nothing (SIGBUS).
XaErase(a) ==
    /\ pc[a] = "xa_erase"
    /\ slot' = NoPage
    /\ page' = [page EXCEPT ![a] = slot]
    /\ Goto(a, IF PageLockFix THEN "lock_page_unlock_page" ELSE "__free_page")
    /\ UNCHANGED <<pte, ref, allocated, inUse, globalPageCount, lockVars>>

\* lock_page(page); unlock_page(page): waits for a fault that still has the
\* page locked, i.e. has not installed its PTE yet.
LockPageUnlockPage(a) ==
    /\ pc[a] = "lock_page_unlock_page"
    /\ pageLock[page[a]] = None
    \* mutation "zap-under-invalidate-lock": the completion keeps
    \* invalidate_lock across zap_page_range (dropped at mutex_unlock)
    /\ Goto(a, CASE a = Worker -> "__free_page"
                 [] CompletionTakesInvalidateLock
                    /\ ~Broken("zap-under-invalidate-lock")
                                -> "filemap_invalidate_unlock"
                 [] OTHER       -> "zap_page_range")
    /\ UNCHANGED <<memVars, lockVars>>

-----------------------------------------------------------------------------
(* find_free_blocks (tcmu_unmap_work).                                      *)

FindFreeBlocks ==
    /\ pc[Worker] = "find_free_blocks"
    /\ ~rootUdevMutex
    /\ rootUdevMutex' = TRUE
    /\ Goto(Worker, "mutex_lock")
    /\ UNCHANGED <<memVars, cmdrLock, invReaders, invWriter, mmapReaders,
                   mmapWriter, pageLock>>

WorkerMutexLock ==
    /\ pc[Worker] = "mutex_lock"
    /\ cmdrLock = None
    /\ cmdrLock' = Worker
    /\ Goto(Worker, IF WorkerTakesInvalidateLock THEN "filemap_invalidate_lock"
                                                 ELSE WorkerReleaseStart)
    /\ UNCHANGED <<memVars, invReaders, invWriter, mmapReaders, mmapWriter,
                   pageLock, rootUdevMutex>>

\* tcmu_blocks_release: __free_page drops the xarray's reference.
FreePage ==
    /\ pc[Worker] = "__free_page"
    /\ Put(page[Worker])
    /\ page' = [page EXCEPT ![Worker] = NoPage]
    /\ Goto(Worker, "atomic_sub")
    /\ UNCHANGED <<slot, pte, inUse, globalPageCount, lockVars>>

AtomicSub ==
    /\ pc[Worker] = "atomic_sub"
    /\ globalPageCount' = globalPageCount - 1
    /\ Goto(Worker, IF UnmapBeforeRelease THEN "mutex_unlock"
                                          ELSE "unmap_mapping_range")
    /\ UNCHANGED <<slot, pte, ref, allocated, page, inUse, lockVars>>

\* unmap_mapping_range(udev->inode->i_mapping, off, 0, 1): zaps the PTE and
\* puts its page reference.  (Takes i_mmap_rwsem, not mmap_lock.)
UnmapMappingRange ==
    /\ pc[Worker] = "unmap_mapping_range"
    /\ pte' = NoPage
    /\ IF pte # NoPage THEN Put(pte) ELSE UNCHANGED <<ref, allocated>>
    /\ Goto(Worker, IF UnmapBeforeRelease THEN "xa_erase" ELSE "mutex_unlock")
    /\ UNCHANGED <<slot, page, inUse, globalPageCount, lockVars>>

\* filemap_invalidate_unlock, mutex_unlock(cmdr_lock), mutex_unlock(root_udev_mutex).
WorkerMutexUnlock ==
    /\ pc[Worker] = "mutex_unlock"
    /\ cmdrLock' = None
    /\ invWriter' = IF invWriter = Worker THEN None ELSE invWriter
    /\ rootUdevMutex' = FALSE
    /\ Goto(Worker, "done")
    /\ UNCHANGED <<memVars, invReaders, mmapReaders, mmapWriter, pageLock>>

WorkerStep ==
    \/ FindFreeBlocks \/ WorkerMutexLock \/ FilemapInvalidateLock(Worker)
    \/ FilemapInvalidateLockSlowpath(Worker) \/ UnmapMappingRange
    \/ XaErase(Worker) \/ LockPageUnlockPage(Worker) \/ FreePage
    \/ AtomicSub \/ WorkerMutexUnlock

-----------------------------------------------------------------------------
(* queue_cmd_ring.                                                          *)

\* mutex_lock(&udev->cmdr_lock); tcmu_get_empty_block: an empty slot gets a
\* NEW page (zero copy: the command's SGL page).  A busy block means the
\* command waits on qfull_queue without the lock: it does not start.
QueueCmdRing ==
    /\ pc[Submitter] = "queue_cmd_ring"
    /\ cmdrLock = None
    /\ ~inUse
    /\ cmdrLock' = Submitter
    /\ IF slot = NoPage
         THEN \E p \in Pages :
                /\ ~allocated[p]
                /\ slot' = p
                /\ ref' = [ref EXCEPT ![p] = @ + 1]
                /\ allocated' = [allocated EXCEPT ![p] = TRUE]
                /\ globalPageCount' = globalPageCount + 1
         ELSE UNCHANGED <<slot, ref, allocated, globalPageCount>>
    /\ inUse' = TRUE
    /\ Goto(Submitter, IF ZeroCopy THEN "mutex_unlock" ELSE "scatter_data_area")
    /\ UNCHANGED <<pte, page, invReaders, invWriter, mmapReaders, mmapWriter,
                   pageLock, rootUdevMutex>>

\* scatter_data_area: copies the SGL data into the data pages while still
\* holding cmdr_lock (long for big I/O).
ScatterDataArea ==
    /\ pc[Submitter] = "scatter_data_area"
    /\ Goto(Submitter, "mutex_unlock")
    /\ UNCHANGED <<memVars, lockVars>>

SubmitterMutexUnlock ==
    /\ pc[Submitter] = "mutex_unlock"
    /\ cmdrLock' = None
    /\ Goto(Submitter, "done")
    /\ UNCHANGED <<memVars, invReaders, invWriter, mmapReaders, mmapWriter,
                   pageLock, rootUdevMutex>>

SubmitterStep == QueueCmdRing \/ ScatterDataArea \/ SubmitterMutexUnlock

-----------------------------------------------------------------------------
(* Zero copy: completion of the command in flight, and a munmap.            *)

\* tcmu_irqcontrol: mutex_lock(&udev->cmdr_lock); tcmu_handle_completions.
TcmuIrqcontrol ==
    /\ pc[Completion] = "tcmu_irqcontrol"
    /\ cmdrLock = None
    /\ cmdrLock' = Completion
    /\ Goto(Completion, IF CompletionTakesInvalidateLock
                          THEN "filemap_invalidate_lock" ELSE "xa_erase")
    /\ UNCHANGED <<memVars, invReaders, invWriter, mmapReaders, mmapWriter,
                   pageLock, rootUdevMutex>>

\* seed 002's locking: drop invalidate_lock before zap_page_range.
CompletionFilemapInvalidateUnlock ==
    /\ pc[Completion] = "filemap_invalidate_unlock"
    /\ invWriter' = None
    /\ Goto(Completion, "zap_page_range")
    /\ UNCHANGED <<memVars, cmdrLock, invReaders, mmapReaders, mmapWriter,
                   pageLock, rootUdevMutex>>

\* zap_page_range under mmap_read_lock, still holding cmdr_lock.
ZapPageRange ==
    /\ pc[Completion] = "zap_page_range"
    /\ MmapReadable
    /\ pte' = NoPage
    /\ IF pte # NoPage THEN Put(pte) ELSE UNCHANGED <<ref, allocated>>
    /\ Goto(Completion, "put_page")
    /\ UNCHANGED <<slot, page, inUse, globalPageCount, lockVars>>

\* The SGL page goes back to the initiator: drop the xarray's reference.
CompletionPutPage ==
    /\ pc[Completion] = "put_page"
    /\ Put(page[Completion])
    /\ page' = [page EXCEPT ![Completion] = NoPage]
    /\ Goto(Completion, "mutex_unlock")
    /\ UNCHANGED <<slot, pte, inUse, globalPageCount, lockVars>>

\* tcmu_cmd_free_data clears the block's bitmap bit; mutex_unlock(cmdr_lock)
\* (mutation "zap-under-invalidate-lock": also filemap_invalidate_unlock).
CompletionMutexUnlock ==
    /\ pc[Completion] = "mutex_unlock"
    /\ inUse' = FALSE
    /\ cmdrLock' = None
    /\ invWriter' = IF invWriter = Completion THEN None ELSE invWriter
    /\ Goto(Completion, "done")
    /\ UNCHANGED <<slot, pte, ref, allocated, page, globalPageCount,
                   invReaders, mmapReaders, mmapWriter, pageLock,
                   rootUdevMutex>>

CompletionStep ==
    \/ TcmuIrqcontrol \/ FilemapInvalidateLock(Completion)
    \/ FilemapInvalidateLockSlowpath(Completion) \/ XaErase(Completion)
    \/ LockPageUnlockPage(Completion) \/ CompletionFilemapInvalidateUnlock
    \/ ZapPageRange \/ CompletionPutPage \/ CompletionMutexUnlock

\* munmap -> mmap_write_lock: take it, or queue and block new readers.
MmapWriteLock ==
    /\ pc[Munmap] = "munmap"
    /\ IF MmapFree
         THEN mmapWriter' = Munmap /\ Goto(Munmap, "do_munmap")
         ELSE UNCHANGED mmapWriter /\ Goto(Munmap, "mmap_write_lock_wait")
    /\ UNCHANGED <<memVars, cmdrLock, invReaders, invWriter, mmapReaders,
                   pageLock, rootUdevMutex>>

MmapWriteLockSlowpath ==
    /\ pc[Munmap] = "mmap_write_lock_wait"
    /\ MmapFree
    /\ mmapWriter' = Munmap
    /\ Goto(Munmap, "do_munmap")
    /\ UNCHANGED <<memVars, cmdrLock, invReaders, invWriter, mmapReaders,
                   pageLock, rootUdevMutex>>

\* do_munmap of an unrelated range, then mmap_write_unlock.
DoMunmap ==
    /\ pc[Munmap] = "do_munmap"
    /\ mmapWriter' = None
    /\ Goto(Munmap, "done")
    /\ UNCHANGED <<memVars, cmdrLock, invReaders, invWriter, mmapReaders,
                   pageLock, rootUdevMutex>>

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
    /\ cmdrLock \in Holder
    /\ invReaders \subseteq Faults
    /\ invWriter \in Releasers \cup {None}
    /\ mmapReaders \subseteq Faults
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
    \/ PageLockFix /\ pc[f] \in {"lock_page", "tcmu_try_get_data_page_unlock"}

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

----------------------------- MODULE DaxReclaim -----------------------------
(***************************************************************************)
(* virtiofs DAX window ("dmap") reclaim: fs/fuse/dax.c (v5.10+; before     *)
(* that, the virtio-fs series' fs/fuse/file.c).  Seeds:                    *)
(*  000 "[PATCH RFC] virtiofs: use fine-grained lock for dmap reclaim"     *)
(*      (Liu Bo, 4 Jul 2019; Vivek Goyal's reply, 15 Jul 2019): "what      *)
(*      prevents atomic_dec() from being reordered so that it could be     *)
(*      executed before actually copying to user space is finished", and   *)
(*      "reclaim code can barely make any progress if most of fuse dax     *)
(*      mappings are used by the file we're reading".                      *)
(*  001 "Re: [PATCH 20/20] fuse,virtiofs: Add logic to free up a memory    *)
(*      range" (Vivek Goyal, 16 Apr 2020): the fault "has already holds a  *)
(*      locked exceptional entry which ... fuse_break_dax_layouts() needs  *)
(*      to wait for"; Vivek moved reclaim out of the fault path.           *)
(*                                                                         *)
(* Sources read (quoted in the variant notes below):                       *)
(*  [v2-26] "[PATCH v2 26/30] fuse: Add logic to free up a memory range"   *)
(*      (Vivek Goyal, 15 May 2019, linux-fsdevel).                         *)
(*  [v2-28] "[PATCH v2 28/30] fuse: Reschedule dax free work if too many   *)
(*      EAGAIN attempts" (Vivek Goyal, 15 May 2019).                       *)
(*  [17/19] "[PATCH 17/19] fuse: Add logic to free up a memory range"      *)
(*      (Vivek Goyal, 21 Aug 2019, linux-fsdevel, Message-Id               *)
(*      20190821175720.25901-18-vgoyal@redhat.com), and [16/19] "dax:      *)
(*      Create a range version of dax_layout_busy_page()" (same day).      *)
(*  [v1-20] "[PATCH 20/20] fuse,virtiofs: Add logic to free up a memory    *)
(*      range" (Vivek Goyal, 4 Mar 2020, Message-Id                        *)
(*      20200304165845.3081-21-vgoyal@redhat.com), read as quoted in full  *)
(*      in Liu Bo's reply of 11 Mar 2020.                                  *)
(*  [up] fs/fuse/dax.c in torvalds/linux (stored version, commit           *)
(*      0dc6a06c484360e5dddf920efe2cf57b7772c35a: filemap_invalidate_lock, *)
(*      v6.x), and fs/dax.c dax_layout_busy_page_range (unmap_mapping_     *)
(*      pages of the range, then wait for locked entries of the range).    *)
(*  [mm] mm/truncate.c invalidate_inode_pages2_range: "if                  *)
(*      (dax_mapping(mapping)) unmap_mapping_pages(mapping, start, ...)"   *)
(*      (added by "[PATCH 2/4] mm: Fix data corruption due to stale mmap   *)
(*      reads", Jan Kara, 9 May 2017; still there in the folio version).   *)
(* Not found: the virtio-fs tree of July 2019 that the RFC is a diff       *)
(* against.  Seed 000 shows its lookup_and_reclaim_dmap (inode_trylock,    *)
(* -EAGAIN, i_mmap_sem, i_dmap_sem, no break-layouts) and the head of its  *)
(* try_to_free_dmap_chunks.  Its read path and the worker's -EAGAIN        *)
(* handling are taken from [v2-26] (May), whose fuse_dax_read_iter is the  *)
(* same in [17/19] (August): assumed unchanged in between.                 *)
(*                                                                         *)
(* Objects.  A dmap (struct fuse_dax_mapping) is one 2 MiB window of the   *)
(* DAX device.  It is on fcd->free_ranges (counted by fcd->nr_free_ranges) *)
(* or on fcd->busy_ranges and in the interval tree of dmap->inode at       *)
(* dmap->itn.start, or in the hands of the task that just took it (a local *)
(* of fuse_setup_new_dax_mapping).  dmap->refcnt counts the iomaps that    *)
(* point at it (iomap->private).  A fault leaves a PTE to a window page    *)
(* behind: ptes holds <<inode, range, dmap>> for each.                     *)
(*                                                                         *)
(* Locks, in lock order: inode->i_rwsem ("inode lock"; reads take it       *)
(* shared) -> mapping->invalidate_lock (fi->i_mmap_sem before v5.15; DAX   *)
(* faults take it shared, reclaim exclusive) -> DAX entry lock             *)
(* (grab_mapping_entry; faults only) -> fi->dax->sem (fi->i_dmap_sem       *)
(* before v5.10; guards the tree) -> fcd->lock (spinlock; lists, counts).  *)
(*                                                                         *)
(* Actors: Readers (fuse_dax_read_iter -> dax_iomap_rw), Faulters          *)
(* (__fuse_dax_fault -> dax_iomap_fault), each doing accesses of one       *)
(* 2 MiB range r of one inode i (Accesses of them, or forever if in        *)
(* Endless), and the Worker (fuse_dax_free_mem_worker).  pc values in      *)
(* quotes, actions after them:                                             *)
(* Read:  "idle" FuseDaxReadIter (inode_lock_shared) -> "iomap_begin"      *)
(*   FuseIomapBegin (hit: fuse_fill_iomap) -> "copy" CopyToUser ->         *)
(*   "iomap_end" FuseIomapEnd (+ inode_unlock_shared) -> "idle".           *)
(*   Miss: "alloc" AllocDaxMapping (alloc_dax_mapping) -> "setup"          *)
(*   FuseSetupNewDaxMapping (fuse_setup_one_mapping, fuse_fill_iomap) ->   *)
(*   "copy".  No free range: see the variants.                             *)
(* Fault: "idle" FuseDaxFault (filemap_invalidate_lock_shared) ->          *)
(*   "grab_entry" GrabMappingEntry -> "iomap_begin" (IOMAP_FAULT) ->       *)
(*   ["alloc" -> "setup" ->] "insert_pfn" VmfInsertMixed (the PTE) ->      *)
(*   "iomap_end" FuseIomapEnd (+ dax_unlock_entry,                         *)
(*   filemap_invalidate_unlock_shared) -> "idle".  A retry after -EAGAIN:  *)
(*   "invalidate_lock_shared" FilemapInvalidateLockShared -> "grab_entry". *)
(* Worker: "idle" FuseDaxFreeMemWorker -> "scan" TryToFreeDmapChunks       *)
(*   (under fcd->lock pick a busy range the count calls unused; igrab;     *)
(*   remember inode and start_idx) -> ["inode_trylock" InodeTrylock] ->    *)
(*   "invalidate_lock" FilemapInvalidateLock (lookup_and_reclaim_dmap,     *)
(*   + fuse_dax_break_layouts of the range) -> "reclaim"                   *)
(*   LookupAndReclaimDmapLocked (+ iput) -> "scan" (the chunk loop).       *)
(* Upstream read-path inline reclaim of an own range                       *)
(*   (alloc_dax_mapping_reclaim -> inode_inline_reclaim_one_dmap):         *)
(*   "inline_invalidate_lock" FilemapInvalidateLock -> "inline_lookup"     *)
(*   InodeLookupFirstDmap (+ fuse_dax_break_layouts of the range) ->       *)
(*   "inline_reclaim" InodeInlineReclaimOneDmap -> "setup", or "alloc".    *)
(*   Nothing to steal: -> "wait_event".                                    *)
(* v1 fault-path inline reclaim (inode_reclaim_one_dmap, fault = true):    *)
(*   "inline_break_layouts" FuseBreakDaxLayouts (whole file) ->            *)
(*   "inline_reclaim" InodeReclaimOneDmapLocked -> "setup", or "alloc".    *)
(* Waiting on fcd->range_waitq (wait_event / wait_event_killable_exclusive *)
(*   (fcd->range_waitq, fcd->nr_free_ranges > 0), ___wait_event):          *)
(*   "wait_event" WaitEventRangeWaitq (the caller's lockless pre-check and *)
(*   the macro's first check; if false prepare_to_wait_event puts the task *)
(*   on the queue) -> "wait_check" WaitEventCondition (true: finish_wait,  *)
(*   back to the caller; false: schedule()) -> "wait_range" (asleep while  *)
(*   on rangeWaitq) -> woken by a wake_up (which takes it off the queue)   *)
(*   -> PrepareToWaitEvent (back on the queue) -> "wait_check".            *)
(*   wake_up(&fcd->range_waitq), in every __dmap_add_to_free_pool, wakes   *)
(*   (and takes off the queue) every entry from the head up to and         *)
(*   including the first exclusive one; prepare_to_wait_event adds an      *)
(*   exclusive entry at the tail, a non-exclusive one at the head, so the  *)
(*   queue is a sequence (FIFO among exclusive waiters).                   *)
(*                                                                         *)
(* Variants (CONSTANT Variant):                                            *)
(*  "inode-trylock": the 2019 tree seed 000 measured.  No count.  Read     *)
(*    path per [v2-26]/[17/19] fuse_dax_read_iter: "if (retry &&           *)
(*    !(fc->nr_free_ranges > 0)) { ... wait_event_killable_exclusive(      *)
(*    fc->dax_range_waitq, (fc->nr_free_ranges > 0)) ... }                 *)
(*    inode_lock_shared(inode); ret = dax_iomap_rw(...);                   *)
(*    inode_unlock_shared(inode); if (ret == -ENOSPC) { retry = true; goto *)
(*    retry; }" - fuse_iomap_begin returns -ENOSPC for a read when         *)
(*    alloc_dax_mapping finds nothing ("Read path takes shared inode lock  *)
(*    and that's not sufficient for inline range reclaim. Caller needs to  *)
(*    drop lock, wait and retry.").  So a reader never sleeps holding the  *)
(*    inode lock: AllocDaxMapping fails -> inode_unlock_shared ->          *)
(*    "wait_event" -> ... -> "inode_lock_shared" InodeLockShared ->        *)
(*    "iomap_begin".  Worker per seed 000's context lines and [v2-26]:     *)
(*    "if (!inode_trylock(inode)) return -EAGAIN;" then i_mmap_sem and     *)
(*    i_dmap_sem (write), no break-layouts; on -EAGAIN the chunk loop      *)
(*    "continue"s with the next busy range ([v2-26]; [v2-28] requeues the  *)
(*    work after 20 of them, which the model's always-runnable worker      *)
(*    covers).                                                             *)
(*  "refcount-relaxed": seed 000's RFC on that tree.  atomic_t refcnt      *)
(*    from 0: atomic_inc in fuse_fill_iomap, plain atomic_dec in           *)
(*    fuse_iomap_end; try_to_free_dmap_chunks skips refcnt != 0 and        *)
(*    lookup_and_reclaim_dmap_locked rechecks under i_mmap_sem +           *)
(*    i_dmap_sem (write); no inode lock in reclaim.  atomic_dec() orders   *)
(*    nothing, so its store may become visible before the copy's loads     *)
(*    from the window complete: AtomicDecVisible ("copy" ->                *)
(*    "copy_dec_visible"), only in this variant; FuseIomapEnd later        *)
(*    changes no count.  The RFC also moves "dmap = pos;" above "if        *)
(*    (atomic_read(&dmap->refcnt)) continue;": when every busy range is    *)
(*    in use the walk ends with dmap = the last busy range, never NULL,    *)
(*    so "if (!dmap) return 0;" does not stop it and                       *)
(*    lookup_and_reclaim_dmap(fc, inode, dmap_start) runs with the locals  *)
(*    of an earlier pass: inode is NULL on the first pass ("struct inode   *)
(*    *inode = NULL;" in [v2-26] and [17/19]), or the inode already        *)
(*    iput() on an earlier one, which iput() then drops again. Modelled    *)
(*    in TryToFreeDmapChunks; workerHoldsRef is FALSE there. With inode    *)
(*    NULL the kworker dereferences get_fuse_inode(NULL): the model stops  *)
(*    the worker at "invalidate_lock" (no step). Read path as in           *)
(*    inode-trylock.                                                       *)
(*  "refcount-upstream": [up].  refcount_t from 1 ("in use" = refcnt       *)
(*    > 1), refcount_inc under dax->sem, refcount_dec_and_test (a release: *)
(*    the copy is done before the decrement is visible) in fuse_iomap_end; *)
(*    the worker rechecks refcnt > 1 holding invalidate_lock + dax->sem    *)
(*    (write).  A read with no free range runs alloc_dax_mapping_reclaim:  *)
(*    inode_inline_reclaim_one_dmap (invalidate_lock, lookup an unused own *)
(*    range, fuse_dax_break_layouts, down_write and recheck, steal), retry *)
(*    if it lost a race, else "if (!fi->dax->nr && !(fcd->nr_free_ranges > *)
(*    0)) wait_event_killable_exclusive(fcd->range_waitq, ...)" and loop.  *)
(*    Faults, if configured, as in "fault-wait-retry".                     *)
(*  "fault-inline-reclaim": seed 001, [v1-20].  Every alloc goes through   *)
(*    alloc_dax_mapping_reclaim(fc, inode, fault): "if (fi->nr_dmaps) {    *)
(*    dmap = inode_reclaim_one_dmap(fc, inode, fault); if (dmap) return    *)
(*    dmap; msleep(1); continue; }" else wait_event_killable_exclusive.    *)
(*    inode_reclaim_one_dmap: "if (!fault) down_write(&fi->i_mmap_sem);    *)
(*    ret = fuse_break_dax_layouts(inode, 0, 0); ...                       *)
(*    down_write(&fi->i_dmap_sem); dmap = inode_reclaim_one_dmap_locked(   *)
(*    fc, inode);" - layouts of the whole file are broken BEFORE the       *)
(*    lookup, and the lookup (first tree entry with refcnt <= 1) and the   *)
(*    reclaim are one i_dmap_sem section.  The fault holds i_mmap_sem      *)
(*    shared and its locked DAX entry throughout; breaking layouts waits   *)
(*    for locked entries of the file ([16/19]; 4.19 dax_layout_busy_page), *)
(*    its own too.  With no own range it sleeps holding both.  Faults only *)
(*    (ASSUME): v1's read path is not modelled.                            *)
(*  "fault-wait-retry": [up].  In the fault path fuse_iomap_begin only     *)
(*    tries alloc_dax_mapping and fails with -EAGAIN; dax_iomap_fault      *)
(*    unlocks the entry, __fuse_dax_fault drops invalidate_lock, "if       *)
(*    (retry && !(fcd->nr_free_ranges > 0)) wait_event(                    *)
(*    fcd->range_waitq, (fcd->nr_free_ranges > 0));" (not exclusive),      *)
(*    retakes invalidate_lock shared and retries.                          *)
(*                                                                         *)
(* Simplifications, and why they do not hide the races asked about:        *)
(*  - One step per critical section that never waits, inside, for another  *)
(*    actor: every fi->dax->sem section (fuse_iomap_begin's down_read,     *)
(*    fuse_setup_new_dax_mapping's down_write with FUSE_SETUPMAPPING,      *)
(*    inode_lookup_first_dmap, and the reclaim under down_write with       *)
(*    writeback/invalidate and FUSE_REMOVEMAPPING), every fcd->lock        *)
(*    section.  What other actors do meanwhile without the sem (copy, the  *)
(*    count decrement, the worker's lockless pre-check) commutes to before *)
(*    or after the step.  So dax->sem is free between steps and has no     *)
(*    variable.  Releases are merged into the step before them.            *)
(*  - Lockless reads merged into a step: the v1 fault's "if                *)
(*    (fi->nr_dmaps)" right after alloc_dax_mapping fails, and upstream's  *)
(*    "!fi->dax->nr && !(nr_free_ranges > 0)" read at one instant.  The    *)
(*    caller's pre-check and wait_event's first check read the same        *)
(*    variable with nothing in between, so one read stands for both.  The  *)
(*    window between prepare_to_wait_event (on the queue) and the          *)
(*    condition test is kept ("wait_check"): a wake_up there is consumed   *)
(*    by a task that then does not sleep.  A woken waiter's                *)
(*    prepare_to_wait_event is a step of its own (PrepareToWaitEvent).     *)
(*  - PTEs.  A fault's vmf_insert_mixed adds <<i, r, dmap>>; reclaim zaps  *)
(*    the PTEs of the 2 MiB range twice, as the code does:                 *)
(*    fuse_dax_break_layouts -> dax_layout_busy_page_range ->              *)
(*    unmap_mapping_pages, and reclaim_one_dmap_locked ->                  *)
(*    dmap_writeback_invalidate -> invalidate_inode_pages2_range, which    *)
(*    for a DAX mapping ends with unmap_mapping_pages of the range [mm].   *)
(*    Their early returns (no VMA maps the file; no DAX entry) apply only  *)
(*    when there is no PTE of the file (our reading: a DAX PTE is inserted *)
(*    under its entry and entries of mapped pages go only with an unmap).  *)
(*    No munmap or process exit: PTEs stay until zapped.  Init: no PTEs.   *)
(*  - fuse_dax_break_layouts in the worker and in the read path's inline   *)
(*    reclaim is part of the step before it: invalidate_lock is held       *)
(*    exclusive there, so no fault holds an entry, and pinned (GUP) pages  *)
(*    are not modelled, so it never waits and never drops invalidate_lock. *)
(*    Only the v1 fault path (FuseBreakDaxLayouts) can wait.  Seed 001's   *)
(*    second problem (breaking layouts may drop i_mmap_sem inside the      *)
(*    fault) needs pinned pages and is not modelled; the first one already *)
(*    deadlocks.                                                           *)
(*  - rwsem writer preference (a waiting writer blocks new readers) is not *)
(*    modelled: no task takes a read side it already holds and no holder   *)
(*    of a read side waits for anything a waiting writer holds, so it      *)
(*    cannot add a wait-for cycle; it would only delay readers.            *)
(*  - Lists are sets: the kernel takes the head of free_ranges and         *)
(*    list_move_tail()s scanned busy ranges; any choice covers that.       *)
(*  - The worker may run at any time.  The kernel queues it whenever       *)
(*    nr_free_ranges falls below 20 % (each alloc_dax_mapping checks; the  *)
(*    worker re-arms itself every 1 ms while below) and a run frees up to  *)
(*    FUSE_DAX_RECLAIM_CHUNK unused ranges even above the threshold.       *)
(*    Running it more often only adds behaviours for safety, and it makes  *)
(*    a deadlock mean "every actor is blocked".  For liveness it is an     *)
(*    assumption: a waiter that only the worker can wake is woken once the *)
(*    worker frees a range, even where the kernel would not queue it.      *)
(*  - No signals: wait_event_killable_exclusive never returns -EINTR.      *)
(*  - Reads and read faults only (no writes, fuse_upgrade_dax_mapping or   *)
(*    holes), no eviction (igrab succeeds), FUSE requests succeed, no      *)
(*    2019 fault path.  Init: each dmap free or mapping a distinct range,  *)
(*    as earlier finished accesses leave it; so "the cache is full of the  *)
(*    file being read" (seed 000) is an initial state.                     *)
(*                                                                         *)
(* Fairness.  The scheduler runs every runnable task and the kworker       *)
(* eventually: weak fairness for each task's steps inside an access and    *)
(* for the worker's steps.  Starting an access is the user's choice: no    *)
(* fairness.  A task asleep on range_waitq is not runnable; only a         *)
(* wake_up makes it so.  A step whose outcome depends on the state (the    *)
(* worker's inode_trylock, a lookup) is one action: weak fairness makes    *)
(* the actor take it, not take it when it would succeed.  Tasks in Endless *)
(* start accesses forever (seed 000's fio job: random reads for 120 s).    *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences

CONSTANTS
    Variant,    \* one of Variants
    Readers,    \* tasks in fuse_dax_read_iter
    Faulters,   \* tasks in __fuse_dax_fault
    Dmaps,      \* DAX window ranges (fcd->nr_ranges of them)
    Inodes,     \* files
    Ranges,     \* 2 MiB file ranges (pos >> FUSE_DAX_SHIFT), naturals incl. 0
    Accesses,   \* accesses per task not in Endless
    Endless,    \* tasks that start accesses forever ({} but in the fio models)
    Mutations   \* fixes broken on purpose (mutant-*.cfg); {} for the variants

Worker == "worker"      \* the kworker running fuse_dax_free_mem_worker
NoActor == "none"
NoDmap == "none"
NoInode == "none"

Tasks == Readers \cup Faulters
Actors == Tasks \cup {Worker}

Variants == {"inode-trylock", "refcount-relaxed", "refcount-upstream",
             "fault-inline-reclaim", "fault-wait-retry"}

Tree2019     == Variant \in {"inode-trylock", "refcount-relaxed"}
TrylockInode == Variant = "inode-trylock"
RefcountOn   == Variant # "inode-trylock"
RelaxedDec   == Variant = "refcount-relaxed"
\* the RFC's try_to_free_dmap_chunks sets dmap before the in-use skip
RfcScan      == Variant = "refcount-relaxed"
FaultInline  == Variant = "fault-inline-reclaim"
\* the worker's lookup_and_reclaim_dmap breaks layouts from [17/19] on
WorkerBreaksLayouts == ~Tree2019
\* count of a range nobody uses: atomic_t from 0, refcount_t from 1
Base == IF Tree2019 THEN 0 ELSE 1

ASSUME /\ Variant \in Variants
       /\ Readers \cap Faulters = {}
       /\ {Worker, NoActor} \cap Tasks = {}
       /\ NoDmap \notin Dmaps /\ NoInode \notin Inodes
       /\ Ranges \subseteq Nat /\ 0 \in Ranges
       /\ Accesses \in Nat /\ Accesses > 0
       /\ Endless \subseteq Tasks
       /\ Tree2019 => Faulters = {}
       /\ FaultInline => Readers = {}

\* Each mutation breaks one fix (or one assumption) of the variant it is
\* paired with, so that every check that holds is shown able to fail
\* (README.md, "Mutants").
MutantVariants ==
    {<<"no-inode-lock", "inode-trylock">>,
     <<"no-recheck", "refcount-upstream">>,
     <<"early-dec", "refcount-upstream">>,
     <<"alloc-no-fcd-lock", "refcount-upstream">>,
     <<"no-tree-remove", "refcount-upstream">>,
     <<"no-worker-fairness", "fault-wait-retry">>,
     <<"wait-holding-locks", "fault-wait-retry">>,
     <<"no-unmap", "fault-wait-retry">>}
ASSUME \A m \in Mutations : <<m, Variant>> \in MutantVariants
Broken(m) == m \in Mutations

\* wait_event_killable_exclusive (reads; the v1 fault path) puts an
\* exclusive waiter on the queue; upstream __fuse_dax_fault's wait_event
\* a non-exclusive one
Exclusive(t) == t \in Readers \/ FaultInline

VARIABLES
    pc,             \* [Actors -> STRING]
    accessesLeft,   \* [Tasks -> 0..Accesses]
    taskInode,      \* [Tasks -> Inodes \cup {NoInode}]: file of the access
    taskRange,      \* [Tasks -> Ranges]: pos >> FUSE_DAX_SHIFT (0 when idle)
    iomapPrivate,   \* [Tasks -> Dmaps \cup {NoDmap}]: iomap->private
    allocDmap,      \* [Tasks -> Dmaps \cup {NoDmap}]: taken, not yet set up
    workerInode,    \* Inodes \cup {NoInode}: local inode of the worker's run
    workerHoldsRef, \* BOOLEAN: the worker holds an igrab() reference on it
    reclaimStart,   \* [Actors -> Ranges]: start_idx being reclaimed (else 0)
    refcnt,         \* [Dmaps -> Nat]: dmap->refcnt
    dmapInode,      \* [Dmaps -> Inodes \cup {NoInode}]: dmap->inode (tree)
    dmapStart,      \* [Dmaps -> Ranges]: dmap->itn.start (0 when free)
    freeRanges,     \* SUBSET Dmaps: fcd->free_ranges
    busyRanges,     \* SUBSET Dmaps: fcd->busy_ranges
    nrFreeRanges,   \* Nat: fcd->nr_free_ranges
    rangeWaitq,     \* Seq(Tasks): fcd->range_waitq, head first
    inodeLock,      \* [Inodes -> Rw]: inode->i_rwsem
    invalidateLock, \* [Inodes -> Rw]: mapping->invalidate_lock
    daxEntryLocked, \* SUBSET (Inodes \X Ranges): locked DAX entries
    ptes            \* SUBSET (Inodes \X Ranges \X Dmaps): PTEs faults left

vars == <<pc, accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
          workerInode, workerHoldsRef, reclaimStart, refcnt, dmapInode,
          dmapStart, freeRanges, busyRanges, nrFreeRanges, rangeWaitq,
          inodeLock, invalidateLock, daxEntryLocked, ptes>>

\* an rw_semaphore: shared holders and the exclusive holder
Rw == [readers: SUBSET Tasks, writer: Actors \cup {NoActor}]
RwFree(l) == l.readers = {} /\ l.writer = NoActor
RwUnlocked == [readers |-> {}, writer |-> NoActor]

\* the dmap in inode i's tree at start_idx r (at most one)
Mapped(i, r) == {d \in Dmaps : dmapInode[d] = i /\ dmapStart[d] = r}
\* fi->dax->nr > 0 (fi->nr_dmaps before v5.10)
OwnsRange(i) == \E d \in Dmaps : dmapInode[d] = i
Unused(d) == refcnt[d] <= Base
Inc(d) == IF RefcountOn THEN [refcnt EXCEPT ![d] = @ + 1] ELSE refcnt
Dec(d) == IF RefcountOn THEN [refcnt EXCEPT ![d] = @ - 1] ELSE refcnt
\* the inode an actor reclaims from: a task its own, the worker its local
RInode(a) == IF a = Worker THEN workerInode ELSE taskInode[a]
\* reading from the window / installing a PTE to it right now
UsesWindow(t) == pc[t] \in {"copy", "copy_dec_visible", "insert_pfn"}
\* the count decrement is already visible (refcount-relaxed)
DecVisible(t) == pc[t] \in {"copy_dec_visible", "iomap_end_dec_visible"}
UsePc(t) == IF t \in Readers THEN "copy" ELSE "insert_pfn"
\* the PTEs of the 2 MiB range r of inode i
PtesOf(i, r) == {p \in ptes : p[1] = i /\ p[2] = r}
\* t's wait entry is on fcd->range_waitq
OnWaitq(t) == \E k \in 1..Len(rangeWaitq) : rangeWaitq[k] = t
\* asleep in schedule() on range_waitq / woken and not yet running
Asleep(t) == pc[t] = "wait_range" /\ OnWaitq(t)
Woken(t) == pc[t] = "wait_range" /\ ~OnWaitq(t)

\* prepare_to_wait_event: an exclusive entry goes to the tail
\* (__add_wait_queue_entry_tail), a non-exclusive one to the head
\* (__add_wait_queue)
Enqueue(t) == IF Exclusive(t) THEN Append(rangeWaitq, t)
                              ELSE <<t>> \o rangeWaitq
\* finish_wait / autoremove_wake_function: list_del_init of t's entry
Dequeue(t) == SelectSeq(rangeWaitq, LAMBDA x : x # t)

\* wake_up(&fcd->range_waitq): __wake_up_common with nr_exclusive = 1 walks
\* the queue from the head and wakes (and, autoremove_wake_function, takes
\* off the queue) every entry up to and including the first exclusive one
WakeUpRangeWaitq ==
    LET excl == {k \in 1..Len(rangeWaitq) : Exclusive(rangeWaitq[k])} IN
    rangeWaitq' = IF excl = {} THEN <<>>
                  ELSE LET k == CHOOSE j \in excl : \A i \in excl : j <= i IN
                       SubSeq(rangeWaitq, k + 1, Len(rangeWaitq))

\* where a task goes when its wait on range_waitq ends (or is not needed)
AfterWait(t) ==
    CASE t \in Readers /\ Tree2019 -> "inode_lock_shared"  \* goto retry
      [] t \in Faulters /\ ~FaultInline /\ ~Broken("wait-holding-locks") ->
            "invalidate_lock_shared"                        \* goto retry
      [] OTHER -> "alloc"        \* the loop of alloc_dax_mapping_reclaim

-----------------------------------------------------------------------------
Windows == (Inodes \X Ranges) \cup {<<NoInode, 0>>}
InitMaps == {m \in [Dmaps -> Windows] :
               \A d1, d2 \in Dmaps :
                  (d1 # d2 /\ m[d1][1] # NoInode) => m[d1] # m[d2]}

Init ==
    /\ pc = [a \in Actors |-> "idle"]
    /\ accessesLeft = [t \in Tasks |-> Accesses]
    /\ taskInode = [t \in Tasks |-> NoInode]
    /\ taskRange = [t \in Tasks |-> 0]
    /\ iomapPrivate = [t \in Tasks |-> NoDmap]
    /\ allocDmap = [t \in Tasks |-> NoDmap]
    /\ workerInode = NoInode
    /\ workerHoldsRef = FALSE
    /\ reclaimStart = [a \in Actors |-> 0]
    /\ refcnt = [d \in Dmaps |-> Base]
    /\ \E m \in InitMaps :
          /\ dmapInode = [d \in Dmaps |-> m[d][1]]
          /\ dmapStart = [d \in Dmaps |-> m[d][2]]
          /\ busyRanges = {d \in Dmaps : m[d][1] # NoInode}
          /\ freeRanges = {d \in Dmaps : m[d][1] = NoInode}
          /\ nrFreeRanges = Cardinality({d \in Dmaps : m[d][1] = NoInode})
    /\ rangeWaitq = <<>>
    /\ inodeLock = [i \in Inodes |-> RwUnlocked]
    /\ invalidateLock = [i \in Inodes |-> RwUnlocked]
    /\ daxEntryLocked = {}
    /\ ptes = {}

-----------------------------------------------------------------------------
(* Starting an access *)

\* fuse_dax_read_iter: inode_lock_shared, then dax_iomap_rw of range r
FuseDaxReadIter(t) ==
    /\ t \in Readers /\ pc[t] = "idle" /\ accessesLeft[t] > 0
    /\ \E i \in Inodes, r \in Ranges :
          /\ inodeLock[i].writer = NoActor
          /\ inodeLock' = [inodeLock EXCEPT ![i].readers = @ \cup {t}]
          /\ taskInode' = [taskInode EXCEPT ![t] = i]
          /\ taskRange' = [taskRange EXCEPT ![t] = r]
    /\ pc' = [pc EXCEPT ![t] = "iomap_begin"]
    /\ UNCHANGED <<accessesLeft, iomapPrivate, allocDmap, workerInode,
                   workerHoldsRef, reclaimStart, refcnt, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq,
                   invalidateLock, daxEntryLocked, ptes>>

\* 2019 fuse_dax_read_iter after "goto retry" (and the wait, if any):
\* inode_lock_shared, then dax_iomap_rw again
InodeLockShared(t) ==
    /\ pc[t] = "inode_lock_shared"
    /\ inodeLock[taskInode[t]].writer = NoActor
    /\ inodeLock' = [inodeLock EXCEPT ![taskInode[t]].readers = @ \cup {t}]
    /\ pc' = [pc EXCEPT ![t] = "iomap_begin"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   dmapInode, dmapStart, freeRanges, busyRanges, nrFreeRanges,
                   rangeWaitq, invalidateLock, daxEntryLocked, ptes>>

\* fuse_dax_fault -> __fuse_dax_fault for a page in range r of inode i:
\* filemap_invalidate_lock_shared, then dax_iomap_fault
FuseDaxFault(t) ==
    /\ t \in Faulters /\ pc[t] = "idle" /\ accessesLeft[t] > 0
    /\ \E i \in Inodes, r \in Ranges :
          /\ invalidateLock[i].writer = NoActor
          /\ invalidateLock' = [invalidateLock EXCEPT ![i].readers = @ \cup {t}]
          /\ taskInode' = [taskInode EXCEPT ![t] = i]
          /\ taskRange' = [taskRange EXCEPT ![t] = r]
    /\ pc' = [pc EXCEPT ![t] = "grab_entry"]
    /\ UNCHANGED <<accessesLeft, iomapPrivate, allocDmap, workerInode,
                   workerHoldsRef, reclaimStart, refcnt, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   daxEntryLocked, ptes>>

\* __fuse_dax_fault after -EAGAIN and the wait: filemap_invalidate_lock_shared
FilemapInvalidateLockShared(t) ==
    /\ pc[t] = "invalidate_lock_shared"
    /\ invalidateLock[taskInode[t]].writer = NoActor
    /\ invalidateLock' =
          [invalidateLock EXCEPT ![taskInode[t]].readers = @ \cup {t}]
    /\ pc' = [pc EXCEPT ![t] = "grab_entry"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   dmapInode, dmapStart, freeRanges, busyRanges, nrFreeRanges,
                   rangeWaitq, inodeLock, daxEntryLocked, ptes>>

\* dax_iomap_{pte,pmd}_fault: grab_mapping_entry returns the entry locked
GrabMappingEntry(t) ==
    /\ pc[t] = "grab_entry"
    /\ <<taskInode[t], taskRange[t]>> \notin daxEntryLocked
    /\ daxEntryLocked' = daxEntryLocked \cup {<<taskInode[t], taskRange[t]>>}
    /\ pc' = [pc EXCEPT ![t] = "iomap_begin"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   dmapInode, dmapStart, freeRanges, busyRanges, nrFreeRanges,
                   rangeWaitq, inodeLock, invalidateLock, ptes>>

-----------------------------------------------------------------------------
(* Getting a mapping *)

\* fuse_iomap_begin: down_read(dax->sem); tree lookup; on a hit
\* fuse_fill_iomap (count inc, iomap->private = dmap); up_read
FuseIomapBegin(t) ==
    /\ pc[t] = "iomap_begin"
    /\ LET m == Mapped(taskInode[t], taskRange[t]) IN
          IF m # {}
          THEN LET d == CHOOSE x \in m : TRUE IN
                  /\ refcnt' = Inc(d)
                  /\ iomapPrivate' = [iomapPrivate EXCEPT ![t] = d]
                  /\ pc' = [pc EXCEPT ![t] = UsePc(t)]
          ELSE /\ pc' = [pc EXCEPT ![t] = "alloc"]
               /\ UNCHANGED <<refcnt, iomapPrivate>>
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, allocDmap, workerInode,
                   workerHoldsRef, reclaimStart, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   invalidateLock, daxEntryLocked, ptes>>

\* alloc_dax_mapping found no free range: what the caller does next
AllocFailed(t) ==
    LET i == taskInode[t] IN
    CASE t \in Readers /\ Tree2019 ->
            \* fuse_iomap_begin returns -ENOSPC, dax_iomap_rw returns it,
            \* inode_unlock_shared; fuse_dax_read_iter: goto retry
            /\ pc' = [pc EXCEPT ![t] = "wait_event"]
            /\ inodeLock' = [inodeLock EXCEPT ![i].readers = @ \ {t}]
            /\ UNCHANGED <<invalidateLock, daxEntryLocked>>
      [] t \in Readers /\ ~Tree2019 ->
            \* alloc_dax_mapping_reclaim: inode_inline_reclaim_one_dmap
            /\ pc' = [pc EXCEPT ![t] = "inline_invalidate_lock"]
            /\ UNCHANGED <<inodeLock, invalidateLock, daxEntryLocked>>
      [] t \in Faulters /\ FaultInline ->
            \* v1 alloc_dax_mapping_reclaim(fault): "if (fi->nr_dmaps)"
            \* inode_reclaim_one_dmap, else wait; i_mmap_sem (shared) and
            \* the entry stay held
            /\ pc' = [pc EXCEPT ![t] = IF OwnsRange(i)
                                       THEN "inline_break_layouts"
                                       ELSE "wait_event"]
            /\ UNCHANGED <<inodeLock, invalidateLock, daxEntryLocked>>
      [] t \in Faulters /\ ~FaultInline /\ Broken("wait-holding-locks") ->
            \* mutant: the fault waits with invalidate_lock (shared) and its
            \* entry held, then retries alloc_dax_mapping
            /\ pc' = [pc EXCEPT ![t] = "wait_event"]
            /\ UNCHANGED <<inodeLock, invalidateLock, daxEntryLocked>>
      [] t \in Faulters /\ ~FaultInline ->
            \* -EAGAIN: dax_iomap_fault unlocks the entry, __fuse_dax_fault
            \* drops invalidate_lock and goes to retry
            /\ pc' = [pc EXCEPT ![t] = "wait_event"]
            /\ daxEntryLocked' = daxEntryLocked \ {<<i, taskRange[t]>>}
            /\ invalidateLock' = [invalidateLock EXCEPT ![i].readers = @ \ {t}]
            /\ UNCHANGED inodeLock

\* alloc_dax_mapping: under fcd->lock take a range off the free list
AllocDaxMapping(t) ==
    /\ pc[t] = "alloc"
    /\ LET \* mutant alloc-no-fcd-lock: without fcd->lock another task's
           \* list_first_entry/list_del/nr_free_ranges-- interleave with ours,
           \* so we can take the head it has just taken and count it again
           stale == IF Broken("alloc-no-fcd-lock")
                    THEN {allocDmap[u] : u \in Tasks \ {t}} \ {NoDmap}
                    ELSE {}
       IN
       IF freeRanges \cup stale # {}
       THEN \E d \in freeRanges \cup stale :
               /\ freeRanges' = freeRanges \ {d}
               /\ nrFreeRanges' = nrFreeRanges - 1
               /\ allocDmap' = [allocDmap EXCEPT ![t] = d]
               /\ pc' = [pc EXCEPT ![t] = "setup"]
               /\ UNCHANGED <<inodeLock, invalidateLock, daxEntryLocked>>
       ELSE /\ AllocFailed(t)
            /\ UNCHANGED <<freeRanges, nrFreeRanges, allocDmap>>
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   dmapInode, dmapStart, busyRanges, rangeWaitq, ptes>>

\* fuse_setup_new_dax_mapping once it has a range: down_write(dax->sem);
\* look the file range up again; if someone mapped it meanwhile use theirs
\* and dmap_add_to_free_pool our range (wake_up), else
\* fuse_setup_one_mapping (FUSE_SETUPMAPPING, tree insert, busy list);
\* fuse_fill_iomap; up_write
FuseSetupNewDaxMapping(t) ==
    /\ pc[t] = "setup"
    /\ LET i == taskInode[t]
           a == allocDmap[t]
           m == Mapped(i, taskRange[t])
       IN
       IF m # {}
       THEN LET d == CHOOSE x \in m : TRUE IN
            /\ refcnt' = Inc(d)
            /\ iomapPrivate' = [iomapPrivate EXCEPT ![t] = d]
            /\ freeRanges' = freeRanges \cup {a}
            /\ nrFreeRanges' = nrFreeRanges + 1
            /\ WakeUpRangeWaitq
            /\ UNCHANGED <<dmapInode, dmapStart, busyRanges>>
       ELSE /\ dmapInode' = [dmapInode EXCEPT ![a] = i]
            /\ dmapStart' = [dmapStart EXCEPT ![a] = taskRange[t]]
            /\ busyRanges' = busyRanges \cup {a}
            /\ refcnt' = Inc(a)
            /\ iomapPrivate' = [iomapPrivate EXCEPT ![t] = a]
            /\ UNCHANGED <<freeRanges, nrFreeRanges, rangeWaitq>>
    /\ allocDmap' = [allocDmap EXCEPT ![t] = NoDmap]
    /\ pc' = [pc EXCEPT ![t] = UsePc(t)]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, workerInode,
                   workerHoldsRef, reclaimStart, inodeLock, invalidateLock,
                   daxEntryLocked, ptes>>

-----------------------------------------------------------------------------
(* Waiting for a free range on fcd->range_waitq *)

\* the caller's lockless pre-check and the first check of
\* wait_event[_killable_exclusive](fcd->range_waitq, nr_free_ranges > 0);
\* if the wait is needed, prepare_to_wait_event puts t on the queue (an
\* exclusive waiter at the tail, a non-exclusive one at the head)
WaitEventRangeWaitq(t) ==
    /\ pc[t] = "wait_event"
    /\ LET \* upstream alloc_dax_mapping_reclaim waits only if
           \* "!fi->dax->nr && !(fcd->nr_free_ranges > 0)", else it loops
           noWait == \/ nrFreeRanges > 0
                     \/ t \in Readers /\ ~Tree2019 /\ OwnsRange(taskInode[t])
       IN
       IF noWait
       THEN /\ pc' = [pc EXCEPT ![t] = AfterWait(t)]
            /\ UNCHANGED rangeWaitq
       ELSE /\ rangeWaitq' = Enqueue(t)
            /\ pc' = [pc EXCEPT ![t] = "wait_check"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   dmapInode, dmapStart, freeRanges, busyRanges, nrFreeRanges,
                   inodeLock, invalidateLock, daxEntryLocked, ptes>>

\* ___wait_event after prepare_to_wait_event: "if (condition) break;" and
\* finish_wait (off the queue, if a wake_up has not taken it off already),
\* else schedule(): asleep while on the queue
WaitEventCondition(t) ==
    /\ pc[t] = "wait_check"
    /\ IF nrFreeRanges > 0
       THEN /\ rangeWaitq' = Dequeue(t)
            /\ pc' = [pc EXCEPT ![t] = AfterWait(t)]
       ELSE /\ pc' = [pc EXCEPT ![t] = "wait_range"]
            /\ UNCHANGED rangeWaitq
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   dmapInode, dmapStart, freeRanges, busyRanges, nrFreeRanges,
                   inodeLock, invalidateLock, daxEntryLocked, ptes>>

\* a woken waiter runs the ___wait_event loop again: prepare_to_wait_event
\* puts it back on the queue (autoremove_wake_function took it off)
PrepareToWaitEvent(t) ==
    /\ Woken(t)
    /\ rangeWaitq' = Enqueue(t)
    /\ pc' = [pc EXCEPT ![t] = "wait_check"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   dmapInode, dmapStart, freeRanges, busyRanges, nrFreeRanges,
                   inodeLock, invalidateLock, daxEntryLocked, ptes>>

-----------------------------------------------------------------------------
(* Using the window and letting go *)

\* dax_iomap_actor: the copy from the window to user space completes
CopyToUser(t) ==
    /\ pc[t] \in {"copy", "copy_dec_visible"}
    /\ pc' = [pc EXCEPT ![t] = IF pc[t] = "copy" THEN "iomap_end"
                                                 ELSE "iomap_end_dec_visible"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   dmapInode, dmapStart, freeRanges, busyRanges, nrFreeRanges,
                   rangeWaitq, inodeLock, invalidateLock, daxEntryLocked, ptes>>

\* refcount-relaxed: the store of fuse_iomap_end's atomic_dec becomes
\* visible to other CPUs before the copy's loads are done
\* (mutant early-dec: upstream's refcount_dec_and_test without its release
\* ordering)
AtomicDecVisible(t) ==
    /\ RelaxedDec \/ Broken("early-dec")
    /\ pc[t] = "copy"
    /\ refcnt' = Dec(iomapPrivate[t])
    /\ pc' = [pc EXCEPT ![t] = "copy_dec_visible"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, reclaimStart, dmapInode,
                   dmapStart, freeRanges, busyRanges, nrFreeRanges, rangeWaitq,
                   inodeLock, invalidateLock, daxEntryLocked, ptes>>

\* dax_iomap_pte_fault: vmf_insert_mixed installs the PTE to the window
\* page; it outlives the fault
VmfInsertMixed(t) ==
    /\ pc[t] = "insert_pfn"
    /\ ptes' = ptes \cup {<<taskInode[t], taskRange[t], iomapPrivate[t]>>}
    /\ pc' = [pc EXCEPT ![t] = "iomap_end"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   dmapInode, dmapStart, freeRanges, busyRanges, nrFreeRanges,
                   rangeWaitq, inodeLock, invalidateLock, daxEntryLocked>>

\* fuse_iomap_end: count decrement (unless already visible), then the
\* callers' unlocks: inode_unlock_shared for a read; dax_unlock_entry and
\* filemap_invalidate_unlock_shared for a fault.  The access is over.
FuseIomapEnd(t) ==
    /\ pc[t] \in {"iomap_end", "iomap_end_dec_visible"}
    /\ LET i == taskInode[t] IN
       /\ refcnt' = IF pc[t] = "iomap_end" THEN Dec(iomapPrivate[t]) ELSE refcnt
       /\ IF t \in Readers
          THEN /\ inodeLock' = [inodeLock EXCEPT ![i].readers = @ \ {t}]
               /\ UNCHANGED <<invalidateLock, daxEntryLocked>>
          ELSE /\ daxEntryLocked' = daxEntryLocked \ {<<i, taskRange[t]>>}
               /\ invalidateLock' =
                     [invalidateLock EXCEPT ![i].readers = @ \ {t}]
               /\ UNCHANGED inodeLock
    /\ iomapPrivate' = [iomapPrivate EXCEPT ![t] = NoDmap]
    /\ accessesLeft' = IF t \in Endless THEN accessesLeft
                       ELSE [accessesLeft EXCEPT ![t] = @ - 1]
    /\ taskInode' = [taskInode EXCEPT ![t] = NoInode]
    /\ taskRange' = [taskRange EXCEPT ![t] = 0]
    /\ pc' = [pc EXCEPT ![t] = "idle"]
    /\ UNCHANGED <<allocDmap, workerInode, workerHoldsRef, reclaimStart,
                   dmapInode, dmapStart, freeRanges, busyRanges, nrFreeRanges,
                   rangeWaitq, ptes>>

-----------------------------------------------------------------------------
(* Inline reclaim of one of the task's own ranges *)

\* filemap_invalidate_lock, exclusive: blocks DAX faults on the inode.
\* Worker (lookup_and_reclaim_dmap; from [17/19] on, then also
\* fuse_dax_break_layouts of the 2 MiB range: its unmap_mapping_pages zaps
\* the range's PTEs), read path (inode_inline_reclaim_one_dmap).
FilemapInvalidateLock(a) ==
    /\ pc[a] \in {"invalidate_lock", "inline_invalidate_lock"}
    \* the RFC's NULL inode: get_fuse_inode(NULL) oopses, the worker stops
    /\ RInode(a) \in Inodes
    /\ LET i == RInode(a) IN
       /\ RwFree(invalidateLock[i])
       /\ invalidateLock' = [invalidateLock EXCEPT ![i].writer = a]
       \* mutant no-unmap: the worker does not break layouts
       /\ ptes' = IF a = Worker /\ WorkerBreaksLayouts /\ ~Broken("no-unmap")
                  THEN ptes \ PtesOf(i, reclaimStart[Worker])
                  ELSE ptes
    /\ pc' = [pc EXCEPT ![a] = IF a = Worker THEN "reclaim"
                                             ELSE "inline_lookup"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   dmapInode, dmapStart, freeRanges, busyRanges, nrFreeRanges,
                   rangeWaitq, inodeLock, daxEntryLocked>>

\* inode_inline_reclaim_one_dmap: down_read(dax->sem);
\* inode_lookup_first_dmap (an own range with refcnt <= base); up_read;
\* found: fuse_dax_break_layouts of its 2 MiB range (zaps its PTEs).
\* None: filemap_invalidate_unlock; alloc_dax_mapping_reclaim goes on to
\* its wait check.
InodeLookupFirstDmap(t) ==
    /\ pc[t] = "inline_lookup"
    /\ LET i == taskInode[t]
           cands == {d \in Dmaps : dmapInode[d] = i /\ Unused(d)}
       IN
       IF cands # {}
       THEN \E d \in cands :
               /\ reclaimStart' = [reclaimStart EXCEPT ![t] = dmapStart[d]]
               /\ ptes' = ptes \ PtesOf(i, dmapStart[d])
               /\ pc' = [pc EXCEPT ![t] = "inline_reclaim"]
               /\ UNCHANGED invalidateLock
       ELSE /\ invalidateLock' = [invalidateLock EXCEPT ![i].writer = NoActor]
            /\ pc' = [pc EXCEPT ![t] = "wait_event"]
            /\ UNCHANGED <<reclaimStart, ptes>>
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, refcnt, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   daxEntryLocked>>

\* inode_inline_reclaim_one_dmap: down_write(dax->sem); look start_idx up
\* again; if still there and unused, reclaim_one_dmap_locked (writeback
\* and invalidate, whose unmap_mapping_pages zaps the range's PTEs; tree
\* remove; FUSE_REMOVEMAPPING) and dmap_remove_busy_list, keeping the range
\* for fuse_setup_new_dax_mapping; else *retry.  up_write;
\* filemap_invalidate_unlock.
InodeInlineReclaimOneDmap(t) ==
    /\ pc[t] = "inline_reclaim" /\ t \in Readers
    /\ LET i == taskInode[t]
           m == {d \in Mapped(i, reclaimStart[t]) : Unused(d)}
       IN
       /\ IF m # {}
          THEN LET d == CHOOSE x \in m : TRUE IN
               /\ dmapInode' = [dmapInode EXCEPT ![d] = NoInode]
               /\ dmapStart' = [dmapStart EXCEPT ![d] = 0]
               /\ busyRanges' = busyRanges \ {d}
               /\ allocDmap' = [allocDmap EXCEPT ![t] = d]
               /\ ptes' = ptes \ PtesOf(i, reclaimStart[t])
               /\ pc' = [pc EXCEPT ![t] = "setup"]
          ELSE /\ pc' = [pc EXCEPT ![t] = "alloc"]
               /\ UNCHANGED <<dmapInode, dmapStart, busyRanges, allocDmap,
                              ptes>>
       /\ invalidateLock' = [invalidateLock EXCEPT ![i].writer = NoActor]
    /\ reclaimStart' = [reclaimStart EXCEPT ![t] = 0]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate,
                   workerInode, workerHoldsRef, refcnt, freeRanges,
                   nrFreeRanges, rangeWaitq, inodeLock, daxEntryLocked>>

\* fault-inline-reclaim, fault path ([v1-20] inode_reclaim_one_dmap with
\* fault = true, i_mmap_sem already held shared): fuse_break_dax_layouts(
\* inode, 0, 0) unmaps the whole file and waits until no DAX entry of the
\* file is locked - the fault holds one itself
FuseBreakDaxLayouts(t) ==
    /\ pc[t] = "inline_break_layouts"
    /\ \A r \in Ranges : <<taskInode[t], r>> \notin daxEntryLocked
    /\ ptes' = {p \in ptes : p[1] # taskInode[t]}
    /\ pc' = [pc EXCEPT ![t] = "inline_reclaim"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   dmapInode, dmapStart, freeRanges, busyRanges, nrFreeRanges,
                   rangeWaitq, inodeLock, invalidateLock, daxEntryLocked>>

\* [v1-20] down_write(i_dmap_sem); inode_reclaim_one_dmap_locked: the first
\* own range with refcnt <= 1: reclaim_one_dmap_locked (zaps its PTEs, tree
\* remove, FUSE_REMOVEMAPPING), dmap_remove_busy_list, kept for the setup;
\* none: NULL, and alloc_dax_mapping_reclaim does msleep(1); continue.
\* up_write (the fault keeps i_mmap_sem).
InodeReclaimOneDmapLocked(t) ==
    /\ pc[t] = "inline_reclaim" /\ t \in Faulters
    /\ LET i == taskInode[t]
           cands == {d \in Dmaps : dmapInode[d] = i /\ Unused(d)}
       IN
       IF cands # {}
       THEN \E d \in cands :
               /\ dmapInode' = [dmapInode EXCEPT ![d] = NoInode]
               /\ dmapStart' = [dmapStart EXCEPT ![d] = 0]
               /\ busyRanges' = busyRanges \ {d}
               /\ allocDmap' = [allocDmap EXCEPT ![t] = d]
               /\ ptes' = ptes \ PtesOf(i, dmapStart[d])
               /\ pc' = [pc EXCEPT ![t] = "setup"]
       ELSE /\ pc' = [pc EXCEPT ![t] = "alloc"]
            /\ UNCHANGED <<dmapInode, dmapStart, busyRanges, allocDmap, ptes>>
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate,
                   workerInode, workerHoldsRef, reclaimStart, refcnt,
                   freeRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   invalidateLock, daxEntryLocked>>

-----------------------------------------------------------------------------
(* The reclaim worker *)

\* the delayed work fuse_dax_free_mem_worker starts a run:
\* try_to_free_dmap_chunks' locals inode = NULL, start_idx = 0
FuseDaxFreeMemWorker ==
    /\ pc[Worker] = "idle"
    /\ pc' = [pc EXCEPT ![Worker] = "scan"]
    /\ workerInode' = NoInode
    /\ reclaimStart' = [reclaimStart EXCEPT ![Worker] = 0]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerHoldsRef, refcnt, dmapInode, dmapStart, freeRanges,
                   busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   invalidateLock, daxEntryLocked, ptes>>

\* try_to_free_dmap_chunks: under fcd->lock walk busy_ranges, skip ranges
\* whose count says in use (no count in the 2019 tree), igrab the inode,
\* note start_idx.  Nothing found: the run ends - except in the RFC, whose
\* walk leaves dmap at the last (in-use) busy range: it goes on with the
\* locals inode and start_idx as they are, without a reference.
TryToFreeDmapChunks ==
    /\ pc[Worker] = "scan"
    /\ LET cands == {d \in busyRanges : Unused(d)} IN
          IF cands # {}
          THEN \E d \in cands :
                  /\ workerInode' = dmapInode[d]
                  /\ workerHoldsRef' = TRUE
                  /\ reclaimStart' =
                        [reclaimStart EXCEPT ![Worker] = dmapStart[d]]
                  \* mutant no-inode-lock: the 2019 worker skips inode_trylock
                  /\ pc' = [pc EXCEPT ![Worker] = IF TrylockInode
                                                     /\ ~Broken("no-inode-lock")
                                                  THEN "inode_trylock"
                                                  ELSE "invalidate_lock"]
          ELSE IF RfcScan /\ busyRanges # {}
          THEN /\ pc' = [pc EXCEPT ![Worker] = "invalidate_lock"]
               /\ UNCHANGED <<workerInode, workerHoldsRef, reclaimStart>>
          ELSE /\ pc' = [pc EXCEPT ![Worker] = "idle"]
               /\ UNCHANGED <<workerInode, workerHoldsRef, reclaimStart>>
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   refcnt, dmapInode, dmapStart, freeRanges, busyRanges,
                   nrFreeRanges, rangeWaitq, inodeLock, invalidateLock,
                   daxEntryLocked, ptes>>

\* 2019 lookup_and_reclaim_dmap: inode_trylock; on failure -EAGAIN: iput,
\* and the chunk loop continues with the next busy range
InodeTrylock ==
    /\ pc[Worker] = "inode_trylock"
    /\ IF RwFree(inodeLock[workerInode])
       THEN /\ inodeLock' = [inodeLock EXCEPT ![workerInode].writer = Worker]
            /\ pc' = [pc EXCEPT ![Worker] = "invalidate_lock"]
            /\ UNCHANGED <<workerInode, workerHoldsRef, reclaimStart>>
       ELSE /\ pc' = [pc EXCEPT ![Worker] = "scan"]
            /\ workerHoldsRef' = FALSE
            \* the locals are set afresh before they are used again
            /\ workerInode' = NoInode
            /\ reclaimStart' = [reclaimStart EXCEPT ![Worker] = 0]
            /\ UNCHANGED inodeLock
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   refcnt, dmapInode, dmapStart, freeRanges, busyRanges,
                   nrFreeRanges, rangeWaitq, invalidateLock, daxEntryLocked,
                   ptes>>

\* down_write(dax->sem); lookup_and_reclaim_dmap_locked: look start_idx up
\* again; if still there and unused: reclaim_one_dmap_locked (writeback and
\* invalidate - unmap_mapping_pages zaps the range's PTEs -, tree remove,
\* FUSE_REMOVEMAPPING), dmap_reinit_add_to_free_pool (busy -> free,
\* wake_up(range_waitq)).  up_write, filemap_invalidate_unlock,
\* [inode_unlock], iput; the chunk loop goes on.
LookupAndReclaimDmapLocked ==
    /\ pc[Worker] = "reclaim"
    /\ LET i == workerInode
           r == reclaimStart[Worker]
           \* mutant no-recheck: refcnt is not checked again under the locks
           m == {d \in Mapped(i, r) : Unused(d) \/ Broken("no-recheck")}
       IN
       /\ IF m # {}
          THEN LET d == CHOOSE x \in m : TRUE IN
               \* mutant no-tree-remove: reclaim_one_dmap_locked forgets
               \* interval_tree_remove; the range stays in the inode's tree
               /\ IF Broken("no-tree-remove")
                  THEN UNCHANGED <<dmapInode, dmapStart>>
                  ELSE /\ dmapInode' = [dmapInode EXCEPT ![d] = NoInode]
                       /\ dmapStart' = [dmapStart EXCEPT ![d] = 0]
               \* mutant no-unmap: no invalidate_inode_pages2_range unmap
               /\ ptes' = IF Broken("no-unmap") THEN ptes
                          ELSE ptes \ PtesOf(i, r)
               /\ busyRanges' = busyRanges \ {d}
               /\ freeRanges' = freeRanges \cup {d}
               /\ nrFreeRanges' = nrFreeRanges + 1
               /\ WakeUpRangeWaitq
          ELSE UNCHANGED <<dmapInode, dmapStart, busyRanges, freeRanges,
                           nrFreeRanges, rangeWaitq, ptes>>
       /\ invalidateLock' = [invalidateLock EXCEPT ![i].writer = NoActor]
       /\ inodeLock' = IF TrylockInode /\ ~Broken("no-inode-lock")
                       THEN [inodeLock EXCEPT ![i].writer = NoActor]
                       ELSE inodeLock
    /\ workerHoldsRef' = FALSE
    \* the RFC's walk may read the locals again (RfcScan); elsewhere they
    \* are set afresh before they are used
    /\ workerInode' = IF RfcScan THEN workerInode ELSE NoInode
    /\ reclaimStart' = IF RfcScan THEN reclaimStart
                       ELSE [reclaimStart EXCEPT ![Worker] = 0]
    /\ pc' = [pc EXCEPT ![Worker] = "scan"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   refcnt, daxEntryLocked>>

-----------------------------------------------------------------------------
StartAccess(t) == FuseDaxReadIter(t) \/ FuseDaxFault(t)

\* the steps of task t inside an access
TaskStep(t) ==
    \/ InodeLockShared(t)
    \/ FilemapInvalidateLockShared(t) \/ GrabMappingEntry(t)
    \/ FuseIomapBegin(t) \/ AllocDaxMapping(t) \/ FuseSetupNewDaxMapping(t)
    \/ WaitEventRangeWaitq(t) \/ WaitEventCondition(t) \/ PrepareToWaitEvent(t)
    \/ CopyToUser(t) \/ AtomicDecVisible(t)
    \/ VmfInsertMixed(t) \/ FuseIomapEnd(t)
    \/ FilemapInvalidateLock(t) \/ InodeLookupFirstDmap(t)
    \/ InodeInlineReclaimOneDmap(t)
    \/ FuseBreakDaxLayouts(t) \/ InodeReclaimOneDmapLocked(t)

WorkerStep ==
    \/ FuseDaxFreeMemWorker \/ TryToFreeDmapChunks \/ InodeTrylock
    \/ FilemapInvalidateLock(Worker) \/ LookupAndReclaimDmapLocked

Next == (\E t \in Tasks : StartAccess(t) \/ TaskStep(t)) \/ WorkerStep

Spec == /\ Init /\ [][Next]_vars
        /\ \A t \in Tasks : WF_vars(TaskStep(t))
        \* mutant no-worker-fairness: the kworker may stop running for good
        /\ WF_vars(~Broken("no-worker-fairness") /\ WorkerStep)

-----------------------------------------------------------------------------
(* Properties *)

TaskPcs == {"idle", "inode_lock_shared", "invalidate_lock_shared",
            "grab_entry", "iomap_begin", "alloc", "setup",
            "wait_event", "wait_check", "wait_range",
            "copy", "copy_dec_visible", "insert_pfn", "iomap_end",
            "iomap_end_dec_visible", "inline_invalidate_lock",
            "inline_lookup", "inline_reclaim", "inline_break_layouts"}
WorkerPcs == {"idle", "scan", "inode_trylock", "invalidate_lock", "reclaim"}

TypeOK ==
    /\ pc \in [Actors -> TaskPcs \cup WorkerPcs]
    /\ \A t \in Tasks : pc[t] \in TaskPcs
    /\ pc[Worker] \in WorkerPcs
    /\ accessesLeft \in [Tasks -> 0..Accesses]
    /\ taskInode \in [Tasks -> Inodes \cup {NoInode}]
    /\ taskRange \in [Tasks -> Ranges]
    /\ iomapPrivate \in [Tasks -> Dmaps \cup {NoDmap}]
    /\ allocDmap \in [Tasks -> Dmaps \cup {NoDmap}]
    /\ workerInode \in Inodes \cup {NoInode}
    /\ workerHoldsRef \in BOOLEAN
    /\ reclaimStart \in [Actors -> Ranges]
    /\ refcnt \in [Dmaps -> Nat]
    /\ dmapInode \in [Dmaps -> Inodes \cup {NoInode}]
    /\ dmapStart \in [Dmaps -> Ranges]
    /\ freeRanges \subseteq Dmaps /\ busyRanges \subseteq Dmaps
    /\ nrFreeRanges \in Nat
    /\ rangeWaitq \in Seq(Tasks)
    /\ \A i, j \in 1..Len(rangeWaitq) :
          i # j => rangeWaitq[i] # rangeWaitq[j]
    /\ \A t \in Tasks : OnWaitq(t) => pc[t] \in {"wait_check", "wait_range"}
    /\ inodeLock \in [Inodes -> Rw]
    /\ invalidateLock \in [Inodes -> Rw]
    /\ daxEntryLocked \subseteq Inodes \X Ranges
    /\ ptes \subseteq Inodes \X Ranges \X Dmaps

(* Seed 000's question.  The window a task is copying from (or installing  *)
(* a PTE to) still maps the file range it was looked up for: reclaim never *)
(* takes a range that is in use.                                           *)
NoReclaimWhileInUse ==
    \A t \in Tasks :
        UsesWindow(t) =>
            /\ iomapPrivate[t] \in Dmaps
            /\ dmapInode[iomapPrivate[t]] = taskInode[t]
            /\ dmapStart[iomapPrivate[t]] = taskRange[t]

(* Pool bookkeeping.  Each range is in exactly one place (free list, busy  *)
(* list = some inode's tree, or one task's hands), the free counter        *)
(* matches the free list, a file range is mapped at most once, and the     *)
(* count is the base plus the iomaps whose decrement is not yet visible.   *)
PoolConsistent ==
    /\ freeRanges \cap busyRanges = {}
    /\ nrFreeRanges = Cardinality(freeRanges)
    /\ busyRanges = {d \in Dmaps : dmapInode[d] # NoInode}
    /\ \A d \in Dmaps :
          d \notin freeRanges \cup busyRanges
              <=> \E t \in Tasks : allocDmap[t] = d
    /\ \A t1, t2 \in Tasks :
          (t1 # t2 /\ allocDmap[t1] # NoDmap) => allocDmap[t1] # allocDmap[t2]
    /\ \A d1, d2 \in busyRanges :
          d1 # d2 => \/ dmapInode[d1] # dmapInode[d2]
                     \/ dmapStart[d1] # dmapStart[d2]
    /\ RefcountOn =>
          \A d \in Dmaps :
             refcnt[d] = Base + Cardinality({t \in Tasks : iomapPrivate[t] = d
                                                           /\ ~DecVisible(t)})

(* Seed 000's RFC.  The worker reclaims only on an inode it holds an       *)
(* igrab() reference to (between try_to_free_dmap_chunks and iput).        *)
ReclaimHoldsInodeRef ==
    pc[Worker] \in {"inode_trylock", "invalidate_lock", "reclaim"}
        => workerHoldsRef

(* What break-layouts is for.  Every PTE a fault left maps a window that   *)
(* still maps that file range: a reclaimed window is unmapped first.       *)
NoStalePte ==
    \A p \in ptes : dmapInode[p[3]] = p[1] /\ dmapStart[p[3]] = p[2]

(* Every access that starts completes.  "(pc # idle) ~> (pc = idle)" is   *)
(* the same formula as "[]<>(pc = idle)", which TLC checks without a       *)
(* tableau.                                                                *)
EveryAccessCompletes ==
    \A t \in Tasks : []<>(pc[t] = "idle")

(* Seed 000's complaint, asked precisely.  Even if the worker's            *)
(* inode_trylock must succeed when it is possible again and again (strong  *)
(* fairness for a successful trylock, on top of Spec's weak fairness):     *)
(* either every access completes, or the worker takes an inode lock again  *)
(* and again.  Violated = a behaviour, fair in that strong sense, where an *)
(* access never completes and from some point on every inode_trylock of    *)
(* the worker fails.                                                       *)
InodeTrylockSucceeds ==
    InodeTrylock /\ inodeLock'[workerInode].writer = Worker
WorkerNotLockedOut ==
    SF_vars(InodeTrylockSucceeds) =>
        \/ EveryAccessCompletes
        \/ []<>(\E i \in Inodes : inodeLock[i].writer = Worker)

(* Witnesses (kind witness in expectations.txt: is W reachable?).          *)
(* A task asleep on range_waitq.                                           *)
SomeAsleep == \E t \in Tasks : Asleep(t)
(* Two tasks asleep on range_waitq at once, so a wake_up must choose.      *)
TwoAsleep == \E t1, t2 \in Tasks : t1 # t2 /\ Asleep(t1) /\ Asleep(t2)
(* A task sleeps on range_waitq while a range is free and every other      *)
(* task is idle: the wake_up for that range went to a task that did not    *)
(* take it, and only a later free (the worker) can wake the sleeper.       *)
AsleepWithFreeRange ==
    \E t \in Tasks : /\ Asleep(t)
                     /\ nrFreeRanges > 0
                     /\ \A u \in Tasks \ {t} : pc[u] = "idle"

=============================================================================

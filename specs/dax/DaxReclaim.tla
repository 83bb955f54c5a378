----------------------------- MODULE DaxReclaim -----------------------------
(***************************************************************************)
(* virtiofs DAX window ("dmap") reclaim: fs/fuse/dax.c (v5.10+; before     *)
(* that, the virtio-fs development tree's fs/fuse/file.c).  Seeds:         *)
(*  000 "[PATCH RFC] virtiofs: use fine-grained lock for dmap reclaim"     *)
(*      (Liu Bo, Jul 2019).  Vivek: "what prevents atomic_dec() from       *)
(*      being reordered so that it could be executed before actually       *)
(*      copying to user space is finished."                                *)
(*  001 "Re: [PATCH 20/20] fuse,virtiofs: Add logic to free up a memory    *)
(*      range" (Apr 2020).  Liu Bo: the fault "has already holds a locked  *)
(*      exceptional entry which ... fuse_break_dax_layouts() needs to wait *)
(*      for"; Vivek moved reclaim out of the fault path (wait and retry).  *)
(* Upstream: DAX support for virtiofs, v5.10 (the series seed 001 reviews; *)
(* its fixed patch 20/20 carries the reclaim); fi->i_mmap_sem became       *)
(* mapping->invalidate_lock in v5.15.  The 2019 code and the RFC are as    *)
(* quoted in seed 000 and ../shared/notes/kernel-protocols.md section 1;   *)
(* where the 2019 read path slept (with the inode lock held) is taken from *)
(* those notes, not from the 2019 source.                                  *)
(*                                                                         *)
(* Objects.  A dmap (struct fuse_dax_mapping) is one 2 MiB window of the   *)
(* DAX device.  It is on fcd->free_ranges (counted by fcd->nr_free_ranges) *)
(* or on fcd->busy_ranges and in the interval tree of dmap->inode at       *)
(* dmap->itn.start, or in the hands of the task that just took it (a local *)
(* of fuse_setup_new_dax_mapping).  dmap->refcnt counts the iomaps that    *)
(* point at it (iomap->private).                                           *)
(*                                                                         *)
(* Locks, in lock order: inode->i_rwsem ("inode lock"; reads take it       *)
(* shared) -> mapping->invalidate_lock (fi->i_mmap_sem before v5.15; DAX   *)
(* faults take it shared, reclaim exclusive) -> DAX entry lock             *)
(* (grab_mapping_entry; faults only) -> fi->dax->sem (fi->i_dmap_sem       *)
(* before v5.10; guards the tree) -> fcd->lock (spinlock; lists, counts).  *)
(*                                                                         *)
(* Actors: Readers (fuse_dax_read_iter -> dax_iomap_rw), Faulters          *)
(* (__fuse_dax_fault -> dax_iomap_fault), each doing at most Accesses      *)
(* accesses of one 2 MiB range r of one inode i, and the Worker            *)
(* (fuse_dax_free_mem_worker).  pc values in quotes, actions after them:   *)
(* Read:  "idle" FuseDaxReadIter (inode_lock_shared) -> "iomap_begin"      *)
(*   FuseIomapBegin (hit: fuse_fill_iomap) -> "copy" CopyToUser ->         *)
(*   "iomap_end" FuseIomapEnd (+ inode_unlock_shared) -> "idle".           *)
(*   Miss: "alloc" AllocDaxMapping (alloc_dax_mapping) -> "setup"          *)
(*   FuseSetupNewDaxMapping (fuse_setup_one_mapping, fuse_fill_iomap) ->   *)
(*   "copy".  No free range: see the variants.                             *)
(* Fault: "idle" FuseDaxFault (filemap_invalidate_lock_shared) ->         *)
(*   "grab_entry" GrabMappingEntry ->                                      *)
(*   "iomap_begin" (IOMAP_FAULT) -> ["alloc" -> "setup" ->] "insert_pfn"   *)
(*   VmfInsertMixed -> "iomap_end" FuseIomapEnd (+ dax_unlock_entry,       *)
(*   filemap_invalidate_unlock_shared) -> "idle".  A retry after -EAGAIN:  *)
(*   "invalidate_lock_shared" FilemapInvalidateLockShared -> "grab_entry". *)
(* Worker: "idle" FuseDaxFreeMemWorker -> "scan" TryToFreeDmapChunks       *)
(*   (under fcd->lock pick a busy range the count calls unused; igrab;     *)
(*   remember inode and start_idx) -> ["inode_trylock" InodeTrylock] ->    *)
(*   "invalidate_lock" FilemapInvalidateLock (lookup_and_reclaim_dmap) ->  *)
(*   "reclaim" LookupAndReclaimDmapLocked -> "scan" (the chunk loop).      *)
(* Inline reclaim of an own range (alloc_dax_mapping_reclaim ->            *)
(*   inode_inline_reclaim_one_dmap): "inline_invalidate_lock"              *)
(*   FilemapInvalidateLock -> "inline_lookup" InodeLookupFirstDmap ->      *)
(*   ["inline_break_layouts" FuseDaxBreakLayouts ->] "inline_reclaim"      *)
(*   InodeInlineReclaimOneDmap -> "setup", or "alloc" to retry.            *)
(* Sleeping: "wait_range" = inside wait_event(fcd->range_waitq,            *)
(*   fcd->nr_free_ranges > 0); WaitEventRangeWaitq returns from it.        *)
(*                                                                         *)
(* Variants (CONSTANT Variant):                                            *)
(*  "inode-trylock": the 2019 tree seed 000 measured.  No count.  A read   *)
(*    holds the inode lock shared for the whole read; when                 *)
(*    alloc_dax_mapping finds nothing it sleeps on range_waitq still       *)
(*    holding it, then retries from fuse_iomap_begin.                      *)
(*    lookup_and_reclaim_dmap: inode_trylock, -EAGAIN (the worker run      *)
(*    ends) if that fails; else i_mmap_sem and i_dmap_sem (write), reclaim *)
(*    (no fuse_dax_break_layouts in that tree).                            *)
(*  "refcount-relaxed": seed 000's RFC on that tree.  atomic_t refcnt from *)
(*    0: atomic_inc in fuse_fill_iomap, plain atomic_dec in               *)
(*    fuse_iomap_end; try_to_free_dmap_chunks skips refcnt != 0 and        *)
(*    lookup_and_reclaim_dmap_locked rechecks under i_mmap_sem + i_dmap_sem *)
(*    (write); no inode lock in reclaim.  atomic_dec() orders nothing, so   *)
(*    its store may become visible before the copy's loads from the window *)
(*    complete: AtomicDecVisible ("copy" -> "copy_dec_visible"), only in   *)
(*    this variant; FuseIomapEnd later changes no count ("iomap_end_dec_   *)
(*    visible").                                                           *)
(*  "refcount-upstream": refcount_t from 1 ("in use" = refcnt > 1),        *)
(*    refcount_inc under dax->sem, refcount_dec_and_test (a release: the   *)
(*    copy is done before the decrement is visible) in fuse_iomap_end;     *)
(*    the worker rechecks refcnt > 1 holding invalidate_lock + dax->sem    *)
(*    (write).  A read with no free range runs alloc_dax_mapping_reclaim:  *)
(*    steal an unused own range (inode_inline_reclaim_one_dmap), retry,    *)
(*    sleep on range_waitq only when the inode has no range (fi->dax->nr   *)
(*    == 0).  Faults, if configured, as in "fault-wait-retry".             *)
(*  "fault-inline-reclaim": seed 001, series v1.  As upstream, but a fault *)
(*    with no free range reclaims inline while holding invalidate_lock     *)
(*    (shared, so not taken again) and its locked DAX entry, and breaks    *)
(*    layouts of the whole file, fuse_break_dax_layouts(inode, 0, 0),      *)
(*    which waits for locked entries (4.19 dax_layout_busy_page) - its own *)
(*    too.  With no own range it sleeps on range_waitq holding both.       *)
(*  "fault-wait-retry": upstream.  In the fault path fuse_iomap_begin only *)
(*    tries alloc_dax_mapping and fails with -EAGAIN; dax_iomap_fault      *)
(*    unlocks the entry, __fuse_dax_fault drops invalidate_lock, waits     *)
(*    until nr_free_ranges > 0, retakes invalidate_lock (shared), retries. *)
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
(*  - fuse_dax_break_layouts in the worker and in the read path's inline   *)
(*    reclaim is no step: invalidate_lock is held exclusive there, so no   *)
(*    fault holds an entry, and pinned (GUP) pages are not modelled, so it *)
(*    never waits and never drops invalidate_lock.  Only the v1 fault path *)
(*    (FuseDaxBreakLayouts) can wait.  Seed 001's second problem (breaking *)
(*    layouts may drop invalidate_lock inside the fault) needs pinned      *)
(*    pages and is not modelled; the first one already deadlocks.          *)
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
(*    Running it more often only adds behaviours, and it makes a deadlock  *)
(*    mean "every actor is blocked", not "every access is done".           *)
(*  - wait_event/wake_up is modelled by its condition: a sleeper may       *)
(*    return once nr_free_ranges > 0 (every __dmap_add_to_free_pool calls  *)
(*    wake_up, so no wakeup is lost).  rangeWaitq is the set of sleepers.  *)
(*  - Reads and read faults only (no writes, fuse_upgrade_dax_mapping or   *)
(*    holes), no eviction (igrab succeeds), FUSE requests succeed, no      *)
(*    2019 fault path.  Init: each dmap free or mapping a distinct range,  *)
(*    as earlier finished accesses leave it; so "the cache is full of the  *)
(*    file being read" (seed 000) is an initial state.                     *)
(*                                                                         *)
(* Fairness.  The scheduler runs every runnable task and the kworker       *)
(* eventually: weak fairness for each task's steps inside an access and    *)
(* for the worker.  Starting an access is the user's choice: no fairness.  *)
(* A sleeper on range_waitq is runnable while nr_free_ranges > 0.  Tasks   *)
(* do finitely many accesses: a task that re-reads ranges forever can make *)
(* reclaim skip them forever (the kernel promises nothing there), so       *)
(* EveryAccessCompletes asks whether an access can be stuck for any other  *)
(* reason.                                                                 *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    Variant,    \* one of Variants
    Readers,    \* tasks in fuse_dax_read_iter
    Faulters,   \* tasks in __fuse_dax_fault
    Dmaps,      \* DAX window ranges (fcd->nr_ranges of them)
    Inodes,     \* files
    Ranges,     \* 2 MiB file ranges (pos >> FUSE_DAX_SHIFT), naturals incl. 0
    Accesses,   \* accesses per task
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
FaultInline  == Variant = "fault-inline-reclaim"
\* count of a range nobody uses: atomic_t from 0, refcount_t from 1
Base == IF Tree2019 THEN 0 ELSE 1

ASSUME /\ Variant \in Variants
       /\ Readers \cap Faulters = {}
       /\ {Worker, NoActor} \cap Tasks = {}
       /\ NoDmap \notin Dmaps /\ NoInode \notin Inodes
       /\ Ranges \subseteq Nat /\ 0 \in Ranges
       /\ Accesses \in Nat
       /\ Tree2019 => Faulters = {}

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
     <<"wait-holding-locks", "fault-wait-retry">>}
ASSUME \A m \in Mutations : <<m, Variant>> \in MutantVariants
Broken(m) == m \in Mutations

VARIABLES
    pc,             \* [Actors -> STRING]
    accessesLeft,   \* [Tasks -> 0..Accesses]
    taskInode,      \* [Tasks -> Inodes \cup {NoInode}]: file of the access
    taskRange,      \* [Tasks -> Ranges]: pos >> FUSE_DAX_SHIFT (0 when idle)
    iomapPrivate,   \* [Tasks -> Dmaps \cup {NoDmap}]: iomap->private
    allocDmap,      \* [Tasks -> Dmaps \cup {NoDmap}]: taken, not yet set up
    workerInode,    \* Inodes \cup {NoInode}: the worker's igrab()bed inode
    reclaimStart,   \* [Actors -> Ranges]: start_idx being reclaimed (else 0)
    refcnt,         \* [Dmaps -> Nat]: dmap->refcnt
    dmapInode,      \* [Dmaps -> Inodes \cup {NoInode}]: dmap->inode (tree)
    dmapStart,      \* [Dmaps -> Ranges]: dmap->itn.start (0 when free)
    freeRanges,     \* SUBSET Dmaps: fcd->free_ranges
    busyRanges,     \* SUBSET Dmaps: fcd->busy_ranges
    nrFreeRanges,   \* Nat: fcd->nr_free_ranges
    rangeWaitq,     \* SUBSET Tasks: sleepers on fcd->range_waitq
    inodeLock,      \* [Inodes -> Rw]: inode->i_rwsem
    invalidateLock, \* [Inodes -> Rw]: mapping->invalidate_lock
    daxEntryLocked  \* SUBSET (Inodes \X Ranges): locked DAX entries

vars == <<pc, accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
          workerInode, reclaimStart, refcnt, dmapInode, dmapStart, freeRanges,
          busyRanges, nrFreeRanges, rangeWaitq, inodeLock, invalidateLock,
          daxEntryLocked>>

\* an rw_semaphore: shared holders and the exclusive holder
Rw == [readers: SUBSET Tasks, writer: Actors \cup {NoActor}]
RwFree(l) == l.readers = {} /\ l.writer = NoActor
RwUnlocked == [readers |-> {}, writer |-> NoActor]

\* the dmap in inode i's tree at start_idx r (at most one)
Mapped(i, r) == {d \in Dmaps : dmapInode[d] = i /\ dmapStart[d] = r}
Unused(d) == refcnt[d] <= Base
Inc(d) == IF RefcountOn THEN [refcnt EXCEPT ![d] = @ + 1] ELSE refcnt
Dec(d) == IF RefcountOn THEN [refcnt EXCEPT ![d] = @ - 1] ELSE refcnt
\* the inode an actor reclaims from: a task its own, the worker the igrab()bed
RInode(a) == IF a = Worker THEN workerInode ELSE taskInode[a]
\* reading from the window / installing a PTE to it right now
UsesWindow(t) == pc[t] \in {"copy", "copy_dec_visible", "insert_pfn"}
\* the count decrement is already visible (refcount-relaxed)
DecVisible(t) == pc[t] \in {"copy_dec_visible", "iomap_end_dec_visible"}
UsePc(t) == IF t \in Readers THEN "copy" ELSE "insert_pfn"

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
    /\ reclaimStart = [a \in Actors |-> 0]
    /\ refcnt = [d \in Dmaps |-> Base]
    /\ \E m \in InitMaps :
          /\ dmapInode = [d \in Dmaps |-> m[d][1]]
          /\ dmapStart = [d \in Dmaps |-> m[d][2]]
          /\ busyRanges = {d \in Dmaps : m[d][1] # NoInode}
          /\ freeRanges = {d \in Dmaps : m[d][1] = NoInode}
          /\ nrFreeRanges = Cardinality({d \in Dmaps : m[d][1] = NoInode})
    /\ rangeWaitq = {}
    /\ inodeLock = [i \in Inodes |-> RwUnlocked]
    /\ invalidateLock = [i \in Inodes |-> RwUnlocked]
    /\ daxEntryLocked = {}

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
                   reclaimStart, refcnt, dmapInode, dmapStart, freeRanges,
                   busyRanges, nrFreeRanges, rangeWaitq, invalidateLock,
                   daxEntryLocked>>

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
                   reclaimStart, refcnt, dmapInode, dmapStart, freeRanges,
                   busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   daxEntryLocked>>

\* __fuse_dax_fault after -EAGAIN and the wait: filemap_invalidate_lock_shared
FilemapInvalidateLockShared(t) ==
    /\ pc[t] = "invalidate_lock_shared"
    /\ invalidateLock[taskInode[t]].writer = NoActor
    /\ invalidateLock' =
          [invalidateLock EXCEPT ![taskInode[t]].readers = @ \cup {t}]
    /\ pc' = [pc EXCEPT ![t] = "grab_entry"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, reclaimStart, refcnt, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   daxEntryLocked>>

\* dax_iomap_{pte,pmd}_fault: grab_mapping_entry returns the entry locked
GrabMappingEntry(t) ==
    /\ pc[t] = "grab_entry"
    /\ <<taskInode[t], taskRange[t]>> \notin daxEntryLocked
    /\ daxEntryLocked' = daxEntryLocked \cup {<<taskInode[t], taskRange[t]>>}
    /\ pc' = [pc EXCEPT ![t] = "iomap_begin"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, reclaimStart, refcnt, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   invalidateLock>>

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
                   reclaimStart, dmapInode, dmapStart, freeRanges, busyRanges,
                   nrFreeRanges, rangeWaitq, inodeLock, invalidateLock,
                   daxEntryLocked>>

\* alloc_dax_mapping found no free range: what the caller does next
AllocFailed(t) ==
    LET i == taskInode[t]
        ownsRange == \E d \in Dmaps : dmapInode[d] = i   \* fi->dax->nr > 0
        sleep == /\ pc' = [pc EXCEPT ![t] = "wait_range"]
                 /\ rangeWaitq' = rangeWaitq \cup {t}
        steal(p) == /\ pc' = [pc EXCEPT ![t] = p]
                    /\ UNCHANGED rangeWaitq
    IN
    CASE t \in Readers /\ Tree2019 ->
            \* the read sleeps with the inode lock held
            sleep /\ UNCHANGED <<invalidateLock, daxEntryLocked>>
      [] t \in Readers /\ ~Tree2019 ->
            \* alloc_dax_mapping_reclaim
            /\ IF ownsRange THEN steal("inline_invalidate_lock") ELSE sleep
            /\ UNCHANGED <<invalidateLock, daxEntryLocked>>
      [] t \in Faulters /\ FaultInline ->
            \* v1: the same inside the fault; invalidate_lock (shared) and
            \* the entry stay held, so invalidate_lock is not taken again
            /\ IF ownsRange THEN steal("inline_lookup") ELSE sleep
            /\ UNCHANGED <<invalidateLock, daxEntryLocked>>
      [] t \in Faulters /\ ~FaultInline /\ Broken("wait-holding-locks") ->
            \* mutant: the fault sleeps with invalidate_lock (shared) and its
            \* entry held, then retries alloc_dax_mapping
            sleep /\ UNCHANGED <<invalidateLock, daxEntryLocked>>
      [] t \in Faulters /\ ~FaultInline ->
            \* -EAGAIN: dax_iomap_fault unlocks the entry, __fuse_dax_fault
            \* drops invalidate_lock, then waits
            /\ sleep
            /\ daxEntryLocked' = daxEntryLocked \ {<<i, taskRange[t]>>}
            /\ invalidateLock' = [invalidateLock EXCEPT ![i].readers = @ \ {t}]

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
               /\ UNCHANGED <<rangeWaitq, invalidateLock, daxEntryLocked>>
       ELSE /\ AllocFailed(t)
            /\ UNCHANGED <<freeRanges, nrFreeRanges, allocDmap>>
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate,
                   workerInode, reclaimStart, refcnt, dmapInode, dmapStart,
                   busyRanges, inodeLock>>

\* wait_event(fcd->range_waitq, fcd->nr_free_ranges > 0) returns
WaitEventRangeWaitq(t) ==
    /\ pc[t] = "wait_range"
    /\ nrFreeRanges > 0
    /\ rangeWaitq' = rangeWaitq \ {t}
    /\ pc' = [pc EXCEPT ![t] =
                \* 2019 read: retry dax_iomap_rw; fault: retry the fault;
                \* else loop in alloc_dax_mapping_reclaim
                CASE t \in Readers /\ Tree2019 -> "iomap_begin"
                  [] t \in Faulters /\ ~FaultInline
                        /\ ~Broken("wait-holding-locks") -> "invalidate_lock_shared"
                  [] OTHER -> "alloc"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, reclaimStart, refcnt, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, inodeLock,
                   invalidateLock, daxEntryLocked>>

\* fuse_setup_new_dax_mapping once it has a range: down_write(dax->sem);
\* look the file range up again; if someone mapped it meanwhile use theirs
\* and dmap_add_to_free_pool our range, else fuse_setup_one_mapping
\* (FUSE_SETUPMAPPING, tree insert, busy list); fuse_fill_iomap; up_write
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
            /\ UNCHANGED <<dmapInode, dmapStart, busyRanges>>
       ELSE /\ dmapInode' = [dmapInode EXCEPT ![a] = i]
            /\ dmapStart' = [dmapStart EXCEPT ![a] = taskRange[t]]
            /\ busyRanges' = busyRanges \cup {a}
            /\ refcnt' = Inc(a)
            /\ iomapPrivate' = [iomapPrivate EXCEPT ![t] = a]
            /\ UNCHANGED <<freeRanges, nrFreeRanges>>
    /\ allocDmap' = [allocDmap EXCEPT ![t] = NoDmap]
    /\ pc' = [pc EXCEPT ![t] = UsePc(t)]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, workerInode,
                   reclaimStart, rangeWaitq, inodeLock, invalidateLock,
                   daxEntryLocked>>

-----------------------------------------------------------------------------
(* Using the window and letting go *)

\* dax_iomap_actor: the copy from the window to user space completes
CopyToUser(t) ==
    /\ pc[t] \in {"copy", "copy_dec_visible"}
    /\ pc' = [pc EXCEPT ![t] = IF pc[t] = "copy" THEN "iomap_end"
                                                 ELSE "iomap_end_dec_visible"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, reclaimStart, refcnt, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   invalidateLock, daxEntryLocked>>

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
                   workerInode, reclaimStart, dmapInode, dmapStart, freeRanges,
                   busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   invalidateLock, daxEntryLocked>>

\* dax_iomap_pte_fault: the PTE to the window page is installed
VmfInsertMixed(t) ==
    /\ pc[t] = "insert_pfn"
    /\ pc' = [pc EXCEPT ![t] = "iomap_end"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, reclaimStart, refcnt, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   invalidateLock, daxEntryLocked>>

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
    /\ accessesLeft' = [accessesLeft EXCEPT ![t] = @ - 1]
    /\ taskInode' = [taskInode EXCEPT ![t] = NoInode]
    /\ taskRange' = [taskRange EXCEPT ![t] = 0]
    /\ pc' = [pc EXCEPT ![t] = "idle"]
    /\ UNCHANGED <<allocDmap, workerInode, reclaimStart, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq>>

-----------------------------------------------------------------------------
(* Inline reclaim of one of the task's own ranges *)

\* filemap_invalidate_lock, exclusive: blocks DAX faults on the inode.
\* Worker (lookup_and_reclaim_dmap), read path (inode_inline_reclaim_one_dmap).
FilemapInvalidateLock(a) ==
    /\ pc[a] \in {"invalidate_lock", "inline_invalidate_lock"}
    /\ RwFree(invalidateLock[RInode(a)])
    /\ invalidateLock' = [invalidateLock EXCEPT ![RInode(a)].writer = a]
    /\ pc' = [pc EXCEPT ![a] = IF a = Worker THEN "reclaim"
                                             ELSE "inline_lookup"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, reclaimStart, refcnt, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   daxEntryLocked>>

\* drop invalidate_lock if t took it exclusive (the read path; a v1 fault
\* holds it shared for the whole fault)
InlineInvalidateUnlock(t) ==
    LET i == taskInode[t] IN
    invalidateLock' = IF invalidateLock[i].writer = t
                      THEN [invalidateLock EXCEPT ![i].writer = NoActor]
                      ELSE invalidateLock

\* inode_lookup_first_dmap under down_read(dax->sem): an own range with
\* refcnt <= base.  None: unlock; alloc_dax_mapping_reclaim loops.
InodeLookupFirstDmap(t) ==
    /\ pc[t] = "inline_lookup"
    /\ LET cands == {d \in Dmaps : dmapInode[d] = taskInode[t] /\ Unused(d)} IN
          IF cands # {}
          THEN \E d \in cands :
                  /\ reclaimStart' = [reclaimStart EXCEPT ![t] = dmapStart[d]]
                  /\ pc' = [pc EXCEPT ![t] = IF t \in Faulters
                                             THEN "inline_break_layouts"
                                             ELSE "inline_reclaim"]
                  /\ UNCHANGED invalidateLock
          ELSE /\ InlineInvalidateUnlock(t)
               /\ pc' = [pc EXCEPT ![t] = "alloc"]
               /\ UNCHANGED reclaimStart
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, refcnt, dmapInode, dmapStart, freeRanges,
                   busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   daxEntryLocked>>

\* fault-inline-reclaim, fault path: fuse_break_dax_layouts(inode, 0, 0)
\* waits until no DAX entry of the file is locked - the fault holds one
FuseDaxBreakLayouts(t) ==
    /\ pc[t] = "inline_break_layouts"
    /\ \A r \in Ranges : <<taskInode[t], r>> \notin daxEntryLocked
    /\ pc' = [pc EXCEPT ![t] = "inline_reclaim"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, reclaimStart, refcnt, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   invalidateLock, daxEntryLocked>>

\* inode_inline_reclaim_one_dmap: down_write(dax->sem); look start_idx up
\* again; if still there and unused, reclaim_one_dmap_locked (tree remove,
\* FUSE_REMOVEMAPPING) and dmap_remove_busy_list, keeping the range for
\* fuse_setup_new_dax_mapping; else *retry.  up_write; invalidate unlock.
InodeInlineReclaimOneDmap(t) ==
    /\ pc[t] = "inline_reclaim"
    /\ LET m == {d \in Mapped(taskInode[t], reclaimStart[t]) : Unused(d)} IN
          IF m # {}
          THEN LET d == CHOOSE x \in m : TRUE IN
               /\ dmapInode' = [dmapInode EXCEPT ![d] = NoInode]
               /\ dmapStart' = [dmapStart EXCEPT ![d] = 0]
               /\ busyRanges' = busyRanges \ {d}
               /\ allocDmap' = [allocDmap EXCEPT ![t] = d]
               /\ pc' = [pc EXCEPT ![t] = "setup"]
          ELSE /\ pc' = [pc EXCEPT ![t] = "alloc"]
               /\ UNCHANGED <<dmapInode, dmapStart, busyRanges, allocDmap>>
    /\ InlineInvalidateUnlock(t)
    /\ reclaimStart' = [reclaimStart EXCEPT ![t] = 0]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate,
                   workerInode, refcnt, freeRanges, nrFreeRanges, rangeWaitq,
                   inodeLock, daxEntryLocked>>

-----------------------------------------------------------------------------
(* The reclaim worker *)

\* the delayed work fuse_dax_free_mem_worker starts a run
FuseDaxFreeMemWorker ==
    /\ pc[Worker] = "idle"
    /\ pc' = [pc EXCEPT ![Worker] = "scan"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   workerInode, reclaimStart, refcnt, dmapInode, dmapStart,
                   freeRanges, busyRanges, nrFreeRanges, rangeWaitq, inodeLock,
                   invalidateLock, daxEntryLocked>>

\* try_to_free_dmap_chunks: under fcd->lock walk busy_ranges, skip ranges
\* whose count says in use (no count in the 2019 tree), igrab the inode,
\* note start_idx.  Nothing found: the run ends.
TryToFreeDmapChunks ==
    /\ pc[Worker] = "scan"
    /\ LET cands == {d \in busyRanges : Unused(d)} IN
          IF cands # {}
          THEN \E d \in cands :
                  /\ workerInode' = dmapInode[d]
                  /\ reclaimStart' =
                        [reclaimStart EXCEPT ![Worker] = dmapStart[d]]
                  \* mutant no-inode-lock: the 2019 worker skips inode_trylock
                  /\ pc' = [pc EXCEPT ![Worker] = IF TrylockInode
                                                     /\ ~Broken("no-inode-lock")
                                                  THEN "inode_trylock"
                                                  ELSE "invalidate_lock"]
          ELSE /\ pc' = [pc EXCEPT ![Worker] = "idle"]
               /\ UNCHANGED <<workerInode, reclaimStart>>
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   refcnt, dmapInode, dmapStart, freeRanges, busyRanges,
                   nrFreeRanges, rangeWaitq, inodeLock, invalidateLock,
                   daxEntryLocked>>

\* 2019 lookup_and_reclaim_dmap: inode_trylock; on failure -EAGAIN ends the
\* run (iput) and the next run starts over
InodeTrylock ==
    /\ pc[Worker] = "inode_trylock"
    /\ IF RwFree(inodeLock[workerInode])
       THEN /\ inodeLock' = [inodeLock EXCEPT ![workerInode].writer = Worker]
            /\ pc' = [pc EXCEPT ![Worker] = "invalidate_lock"]
            /\ UNCHANGED <<workerInode, reclaimStart>>
       ELSE /\ pc' = [pc EXCEPT ![Worker] = "idle"]
            /\ workerInode' = NoInode
            /\ reclaimStart' = [reclaimStart EXCEPT ![Worker] = 0]
            /\ UNCHANGED inodeLock
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   refcnt, dmapInode, dmapStart, freeRanges, busyRanges,
                   nrFreeRanges, rangeWaitq, invalidateLock, daxEntryLocked>>

\* down_write(dax->sem); lookup_and_reclaim_dmap_locked: look start_idx up
\* again; if still there and unused: reclaim_one_dmap_locked (tree remove,
\* FUSE_REMOVEMAPPING), dmap_reinit_add_to_free_pool (busy -> free,
\* wake_up(range_waitq)).  up_write, filemap_invalidate_unlock,
\* [inode_unlock], iput; the chunk loop goes on.
LookupAndReclaimDmapLocked ==
    /\ pc[Worker] = "reclaim"
    /\ LET i == workerInode
           \* mutant no-recheck: refcnt is not checked again under the locks
           m == {d \in Mapped(i, reclaimStart[Worker]) :
                    Unused(d) \/ Broken("no-recheck")}
       IN
       /\ IF m # {}
          THEN LET d == CHOOSE x \in m : TRUE IN
               \* mutant no-tree-remove: reclaim_one_dmap_locked forgets
               \* interval_tree_remove; the range stays in the inode's tree
               /\ IF Broken("no-tree-remove")
                  THEN UNCHANGED <<dmapInode, dmapStart>>
                  ELSE /\ dmapInode' = [dmapInode EXCEPT ![d] = NoInode]
                       /\ dmapStart' = [dmapStart EXCEPT ![d] = 0]
               /\ busyRanges' = busyRanges \ {d}
               /\ freeRanges' = freeRanges \cup {d}
               /\ nrFreeRanges' = nrFreeRanges + 1
          ELSE UNCHANGED <<dmapInode, dmapStart, busyRanges, freeRanges,
                           nrFreeRanges>>
       /\ invalidateLock' = [invalidateLock EXCEPT ![i].writer = NoActor]
       /\ inodeLock' = IF TrylockInode
                       THEN [inodeLock EXCEPT ![i].writer = NoActor]
                       ELSE inodeLock
    /\ workerInode' = NoInode
    /\ reclaimStart' = [reclaimStart EXCEPT ![Worker] = 0]
    /\ pc' = [pc EXCEPT ![Worker] = "scan"]
    /\ UNCHANGED <<accessesLeft, taskInode, taskRange, iomapPrivate, allocDmap,
                   refcnt, rangeWaitq, daxEntryLocked>>

-----------------------------------------------------------------------------
StartAccess(t) == FuseDaxReadIter(t) \/ FuseDaxFault(t)

\* the steps of task t inside an access
TaskStep(t) ==
    \/ FilemapInvalidateLockShared(t) \/ GrabMappingEntry(t)
    \/ FuseIomapBegin(t) \/ AllocDaxMapping(t) \/ WaitEventRangeWaitq(t)
    \/ FuseSetupNewDaxMapping(t) \/ CopyToUser(t) \/ AtomicDecVisible(t)
    \/ VmfInsertMixed(t) \/ FuseIomapEnd(t)
    \/ FilemapInvalidateLock(t) \/ InodeLookupFirstDmap(t)
    \/ FuseDaxBreakLayouts(t) \/ InodeInlineReclaimOneDmap(t)

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

TaskPcs == {"idle", "invalidate_lock_shared", "grab_entry", "iomap_begin",
            "alloc", "wait_range", "setup", "copy", "copy_dec_visible",
            "insert_pfn", "iomap_end", "iomap_end_dec_visible",
            "inline_invalidate_lock", "inline_lookup", "inline_break_layouts",
            "inline_reclaim"}
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
    /\ reclaimStart \in [Actors -> Ranges]
    /\ refcnt \in [Dmaps -> Nat]
    /\ dmapInode \in [Dmaps -> Inodes \cup {NoInode}]
    /\ dmapStart \in [Dmaps -> Ranges]
    /\ freeRanges \subseteq Dmaps /\ busyRanges \subseteq Dmaps
    /\ nrFreeRanges \in Nat
    /\ rangeWaitq \subseteq Tasks
    /\ inodeLock \in [Inodes -> Rw]
    /\ invalidateLock \in [Inodes -> Rw]
    /\ daxEntryLocked \subseteq Inodes \X Ranges

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

(* Every access that starts completes.  "(pc # idle) ~> (pc = idle)" is   *)
(* the same formula as "[]<>(pc = idle)", which TLC checks without a       *)
(* tableau.                                                                *)
EveryAccessCompletes ==
    \A t \in Tasks : []<>(pc[t] = "idle")

=============================================================================

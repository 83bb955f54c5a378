----------------------------- MODULE SyncBucket -----------------------------
(***************************************************************************)
(* FUSE syncfs write buckets: fs/fuse/file.c, fs/fuse/inode.c, fuse_i.h.   *)
(*                                                                         *)
(* Commits modelled:                                                       *)
(*   "virtiofs: propagate sync() to file server" (v5.14): fuse_sync_fs     *)
(*     sends FUSE_SYNCFS without waiting for write requests still queued   *)
(*     inside FUSE (Amir's point in seed 004).  Variant "no-wait".         *)
(*   "fuse: wait for writepages in syncfs" (v5.15): the buckets.  Variant  *)
(*     "upstream".                                                         *)
(*   Seed 004 (Miklos' draft, Aug 2021, reviewed by Vivek): union of       *)
(*     waitq and rcu_head, no rcu_read_lock around dec+wake_up in          *)
(*     fuse_writepage_free, test "count != 0", atomic_dec of the old       *)
(*     bucket under fc->lock.  Variant "union-rcu-waitq".                  *)
(*   Variant "plain-inc": upstream with atomic_inc instead of              *)
(*     atomic_inc_not_zero in fuse_writepage_add_to_bucket (the comment    *)
(*     there: "prevents resurrecting a dead bucket in a race with syncfs").*)
(*                                                                         *)
(* Functions and locks:                                                    *)
(*   fuse_writepage_add_to_bucket: rcu_read_lock; loop                     *)
(*     { b = rcu_dereference(fc->curr_bucket) } until                      *)
(*     atomic_inc_not_zero(&b->count); rcu_read_unlock.                    *)
(*   fuse_writepage_free -> fuse_sync_bucket_dec: rcu_read_lock;           *)
(*     if atomic_dec_and_test(&b->count) then wake_up(&b->waitq);          *)
(*     rcu_read_unlock.                                                    *)
(*   fuse_sync_fs -> fuse_sync_fs_writes: fuse_sync_bucket_alloc (count 1);*)
(*     spin_lock(&fc->lock); read old count; if 1: unlock, kfree(new),     *)
(*     return; else atomic_inc(&new->count), rcu_assign_pointer, unlock;   *)
(*     atomic_dec(&old->count); wait_event(old->waitq, count == 0);        *)
(*     fuse_sync_bucket_dec(new); kfree_rcu(old, rcu).  Then FUSE_SYNCFS.  *)
(*                                                                         *)
(* Seed answered: 004 (Vivek: "When can we run into the situation when     *)
(* fc->curr_bucket is num_writepages == 0?").  Witness StaleBucketZero.    *)
(*                                                                         *)
(* Simplifications (and why they do not hide the race):                    *)
(*  - One write request per writeback task.  A bucket only counts          *)
(*    requests, so a task issuing two writes behaves like two tasks.       *)
(*  - The completion (fuse_writepage_end -> fuse_writepage_free) runs in   *)
(*    whatever context delivers the server's reply; it is modelled as the  *)
(*    next steps of the same actor, one actor per request.                 *)
(*  - A counted WRITE is queued for the server in the step that takes its  *)
(*    count.  The server may wait arbitrarily long before completing it,   *)
(*    so "counted, not yet queued" behaves like "queued, not completed".   *)
(*  - Buckets are slots that are never reused: slot "b0" is the mount's    *)
(*    first bucket, slot s is the bucket syncfs task s allocates.  Reuse   *)
(*    could only hide a use after free behind a fresh allocation.          *)
(*  - Atomics are single steps and sequentially consistent.  The value-    *)
(*    returning ones (inc_not_zero, dec_and_test) are fully ordered in the *)
(*    kernel; the waiter is ordered by the wait queue lock.  The one       *)
(*    reordering the LKMM allows here, syncfs' unordered atomic_dec before *)
(*    its rcu_assign_pointer, is a model of its own (Reorderings,          *)
(*    upstream-lkmm.cfg, plain-inc-lkmm.cfg).                              *)
(*  - RCU: a task is inside or outside a read-side section.  A section     *)
(*    begins with its first and ends with its last access to a bucket     *)
(*    (rcu_read_lock is folded into the next step, rcu_read_unlock into    *)
(*    the previous one).  That only shortens sections, so grace periods    *)
(*    end no later than in the kernel: a proof of NoBucketUseAfterFree     *)
(*    stays valid.  kfree_rcu records the readers inside now; the RCU      *)
(*    actor frees the slot only after all of them have left (a grace       *)
(*    period).  kfree_rcu is not call_rcu: kvfree_call_rcu (Tree RCU,      *)
(*    kernel/rcu/tree.c) stores the pointer in a per-CPU bulk array and    *)
(*    writes head->func / head->next only when that fails; Tiny RCU always *)
(*    calls call_rcu, which writes them.  The model writes the rcu_head at *)
(*    the call, the path on which the union's clobber (NoWaitqClobber) is  *)
(*    realisable; on the bulk-array path it would not happen then.         *)
(*  - wait_event's "test, else prepare_to_wait and sleep" is one step:     *)
(*    prepare_to_wait queues the task before re-testing, so no wake-up is  *)
(*    lost; the wake-up itself is explicit (the sleeper runs again only    *)
(*    after a waker removed it from b->waitq).                             *)
(*  - After atomic_dec_and_test hit 0 the waker is at wake_up(&b->waitq);  *)
(*    wake_up is two steps: enter (take the wait queue lock, wake the      *)
(*    sleepers) and leave (unlock).  From the dec to the leave the waker   *)
(*    will touch or is touching b->waitq; the woken task may already run   *)
(*    on another CPU meanwhile.                                            *)
(*  - syncfs begins with one step: fuse_sync_bucket_alloc, spin_lock,      *)
(*    read fc->curr_bucket and its count (the allocation touches nothing   *)
(*    shared).  Only syncfs takes fc->lock here.                           *)
(*  - kfree_rcu and queueing FUSE_SYNCFS are one step; the wait for the    *)
(*    FUSE_SYNCFS reply is not modelled (nothing else depends on it; a     *)
(*    server that never answers it hangs syncfs by design).  Checking      *)
(*    SyncfsCoversPriorWrites at that earlier point is only stricter.      *)
(*  - fc->sync_fs is TRUE (the server implements FUSE_SYNCFS); the ENOSYS  *)
(*    path and unmount are not modelled (upstream fuse_conn_put frees the  *)
(*    last bucket with WARN_ON(count != 1); kfree(bucket) -- the draft's   *)
(*    fuse_conn_put used kfree_rcu).                                       *)
(*  - sync_filesystem writes dirty pages back before ->sync_fs; those are  *)
(*    the writes that start before a syncfs task begins.                   *)
(*  - The server and the RCU actor have no program: their pc counts the    *)
(*    steps they took, so each of their steps still changes their pc.     *)
(*                                                                         *)
(* Fairness the kernel gives: weak fairness for every step of a task that  *)
(* has started (a runnable task is eventually scheduled; a sleeping task   *)
(* runs again once it was woken; fc->lock is a fair queued spinlock).  No  *)
(* fairness for starting a write or a syncfs: user space may never do it.  *)
(* The server gets weak fairness (it keeps completing queued WRITEs):      *)
(* EverySyncfsReturns assumes a live server, because syncfs waits for the  *)
(* WRITEs and a server that never replies hangs it by design.  RCU grace   *)
(* periods eventually end (weak fairness for the RCU callbacks).           *)
(***************************************************************************)
EXTENDS Naturals

CONSTANTS
    Variant,   \* "no-wait" | "plain-inc" | "union-rcu-waitq" | "upstream"
    Writers,   \* writeback tasks, one write request each (strings)
    Syncers,   \* syncfs tasks, one syncfs each (strings)
    Mutations, \* fixes broken on purpose (mutant-*.cfg); {} for the variants
    Reorderings \* reorderings the LKMM allows and SC does not (*-lkmm.cfg)

ASSUME Variant \in {"no-wait", "plain-inc", "union-rcu-waitq", "upstream"}
ASSUME Writers \cap Syncers = {} /\ Writers # {} /\ Syncers # {}
\* Each mutation breaks one fix of upstream, so that every check that holds
\* for a variant is shown to be able to fail (see README.md).
ASSUME /\ Mutations \subseteq {"no-fc-lock", "dec-before-assign",
                                "no-wait-event", "no-wake-up"}
       /\ Mutations # {} => Variant = "upstream"
\* The reordering is in fuse_sync_fs_writes, which upstream and plain-inc
\* share (the draft decrements before its unlock; v5.14 has no buckets).
ASSUME /\ Reorderings \subseteq {"dec-overtakes-assign"}
       /\ Reorderings # {} => Variant \in {"upstream", "plain-inc"} /\ Mutations = {}

Server   == "server"
Rcu      == "rcu"
Tasks    == Writers \cup Syncers
Actors   == Tasks \cup {Server, Rcu}
InitBucket == "b0"
Buckets  == {InitBucket} \cup Syncers
NoBucket == "none"
NoTask   == "none"
ASSUME {Server, Rcu, InitBucket, NoBucket} \cap Tasks = {}

(* What each variant's code does differently. *)
UsesBuckets   == Variant # "no-wait"           \* v5.14 had no buckets
IncNotZero    == Variant # "plain-inc"
UnionWaitqRcu == Variant = "union-rcu-waitq"   \* union { waitq; rcu_head }
Draft         == Variant = "union-rcu-waitq"
\* The draft's fuse_writepage_free (and its dec of the new bucket) took no
\* rcu_read_lock; upstream's fuse_sync_bucket_dec does.  Without it a grace
\* period can end under the waker only on a preemptible kernel
\* (CONFIG_PREEMPT_RCU: the waker can be preempted between the dec and
\* wake_up); on a non-preemptible kernel the waker, which does not sleep,
\* holds the grace period back.  The model allows the preemption.
DecUnderRcu   == ~Draft
\* Draft: "if (count != 0) swap"; upstream: "if (count == 1) return".
SwapOld(c)    == IF Draft THEN c # 0 ELSE c # 1
Broken(m)     == m \in Mutations
Reordered(r)  == r \in Reorderings

VARIABLES
    pc,        \* program counter of every actor
    curr,      \* fc->curr_bucket
    count,     \* b->count (num_writepages in the draft)
    mem,       \* slot state: "unalloc" | "live" | "rcu_pending" | "freed"
    waitqMem,  \* what the bytes of b->waitq hold: "waitq" | "rcu_head"
    waitq,     \* tasks sleeping on b->waitq
    gp,        \* readers the pending kfree_rcu of b still waits for
    inRcu,     \* tasks inside an RCU read-side section
    ptr,       \* writer: wpa->bucket; syncfs: the old bucket
    fcLock,    \* holder of fc->lock
    req,       \* WRITE / FUSE_SYNCFS of each task: "none"|"queued"|"replied"
    wbStarted, \* ghost: writes accounted (bucket count taken / v5.14: queued)
    owed       \* ghost: writes accounted before syncfs s began and not
               \* yet completed at the server

vars == <<pc, curr, count, mem, waitqMem, waitq, gp, inRcu, ptr, fcLock,
          req, wbStarted, owed>>

\* Writers: idle, rcu_dereference (loop retry), inc_not_zero, wait_reply,
\* wake_up, wake_up_unlock, done.  Syncers: idle, assign, assign_dec_done
\* (the old count already dropped: Reorderings), atomic_dec_old,
\* wait_event, sleep, dec_and_test (of the new bucket), wake_up,
\* wake_up_unlock, kfree_rcu, done.
TaskPcs == {"idle", "rcu_dereference", "inc_not_zero", "assign",
            "assign_dec_done", "atomic_dec_old", "wait_event", "sleep", "dec_and_test", "wake_up",
            "wake_up_unlock", "kfree_rcu", "wait_reply", "done"}

TypeOK ==
    /\ \A t \in Tasks : pc[t] \in TaskPcs
    /\ pc[Server] \in Nat /\ pc[Rcu] \in Nat
    /\ curr \in Buckets
    /\ count \in [Buckets -> Nat]
    /\ mem \in [Buckets -> {"unalloc", "live", "rcu_pending", "freed"}]
    /\ waitqMem \in [Buckets -> {"waitq", "rcu_head"}]
    /\ waitq \in [Buckets -> SUBSET Syncers]
    /\ gp \in [Buckets -> SUBSET Tasks]
    /\ inRcu \subseteq Tasks
    /\ ptr \in [Tasks -> Buckets \cup {NoBucket}]
    /\ fcLock \in Syncers \cup {NoTask}
    /\ req \in [Tasks -> {"none", "queued", "replied"}]
    /\ wbStarted \subseteq Writers
    /\ owed \in [Syncers -> SUBSET Writers]

Init ==
    /\ pc = [a \in Actors |-> IF a \in Tasks THEN "idle" ELSE 0]
    /\ curr = InitBucket
    /\ count = [b \in Buckets |-> IF b = InitBucket THEN 1 ELSE 0]
    /\ mem = [b \in Buckets |-> IF b = InitBucket THEN "live" ELSE "unalloc"]
    /\ waitqMem = [b \in Buckets |-> "waitq"]
    /\ waitq = [b \in Buckets |-> {}]
    /\ gp = [b \in Buckets |-> {}]
    /\ inRcu = {}
    /\ ptr = [t \in Tasks |-> NoBucket]
    /\ fcLock = NoTask
    /\ req = [t \in Tasks |-> "none"]
    /\ wbStarted = {}
    /\ owed = [s \in Syncers |-> {}]

Goto(t, where) == pc' = [pc EXCEPT ![t] = where]

\* Writes accounted so far that the server has not completed yet.
Unfinished == {w \in wbStarted : req[w] # "replied"}

\* fuse_simple_request(FUSE_SYNCFS) is queued; the wait for its reply is not
\* modelled (see the header).
SendSyncfs(s) ==
    /\ req' = [req EXCEPT ![s] = "queued"]
    /\ Goto(s, "done")

RcuReadUnlock(t) ==
    /\ inRcu' = inRcu \ {t}
    \* a grace period waits only for readers that were inside at call_rcu
    /\ gp' = [b \in Buckets |-> gp[b] \ {t}]

-----------------------------------------------------------------------------
(* fuse_writepage_add_to_bucket, then sending the request. *)

\* rcu_read_lock(); wpa->bucket = rcu_dereference(fc->curr_bucket).  From
\* "rcu_dereference" this is the retry of the loop, still inside RCU.
AddToBucketRcuDereference(w) ==
    /\ UsesBuckets /\ pc[w] \in {"idle", "rcu_dereference"}
    /\ inRcu' = inRcu \cup {w}
    /\ ptr' = [ptr EXCEPT ![w] = curr]
    /\ Goto(w, "inc_not_zero")
    /\ UNCHANGED <<curr, count, mem, waitqMem, waitq, gp, fcLock, req,
                   wbStarted, owed>>

\* atomic_inc_not_zero fails on a bucket whose count already fell to 0 (a
\* stale pointer: syncfs swapped it out and it drained); the loop reloads.
\* "plain-inc" increments it anyway and resurrects the dead bucket.  On
\* success: rcu_read_unlock(), and the WRITE goes to the server's queue
\* (fuse_flush_writepages -> fuse_send_writepage; see the header).
AddToBucketAtomicIncNotZero(w) ==
    /\ pc[w] = "inc_not_zero"
    /\ IF IncNotZero /\ count[ptr[w]] = 0
       THEN /\ Goto(w, "rcu_dereference")
            /\ ptr' = [ptr EXCEPT ![w] = NoBucket]
            /\ UNCHANGED <<count, wbStarted, inRcu, gp, req>>
       ELSE /\ count' = [count EXCEPT ![ptr[w]] = @ + 1]
            /\ wbStarted' = wbStarted \cup {w}
            /\ RcuReadUnlock(w)
            /\ req' = [req EXCEPT ![w] = "queued"]
            /\ Goto(w, "wait_reply")
            /\ UNCHANGED ptr
    /\ UNCHANGED <<curr, mem, waitqMem, waitq, fcLock, owed>>

\* v5.14 (no buckets): fuse_send_writepage queues the WRITE; writeback is
\* accounted only here.
FuseSendWritepage(w) ==
    /\ ~UsesBuckets /\ pc[w] = "idle"
    /\ req' = [req EXCEPT ![w] = "queued"]
    /\ wbStarted' = wbStarted \cup {w}
    /\ Goto(w, "wait_reply")
    /\ UNCHANGED <<curr, count, mem, waitqMem, waitq, gp, inRcu, ptr, fcLock,
                   owed>>

\* v5.14: fuse_writepage_end after the server's reply; no bucket to drop.
FuseWritepageEnd(w) ==
    /\ ~UsesBuckets /\ pc[w] = "wait_reply" /\ req[w] = "replied"
    /\ Goto(w, "done")
    /\ UNCHANGED <<curr, count, mem, waitqMem, waitq, gp, inRcu, ptr, fcLock,
                   req, wbStarted, owed>>

-----------------------------------------------------------------------------
(* fuse_sync_bucket_dec(b), shared by a writer's completion                 *)
(* (fuse_writepage_end -> fuse_writepage_free after the server's reply, b = *)
(* wpa->bucket) and by syncfs dropping its temporary count on the new       *)
(* bucket (b = the bucket it allocated).                                     *)

DecTarget(t) == IF t \in Writers THEN ptr[t] ELSE t
AfterDec(t)  == IF t \in Writers THEN "done" ELSE "kfree_rcu"
\* A writer forgets its bucket once done with it (keeps the state space small).
DropPtr(t)   == IF t \in Writers THEN [ptr EXCEPT ![t] = NoBucket] ELSE ptr
DecReady(t)  == IF t \in Writers
                THEN UsesBuckets /\ pc[t] = "wait_reply" /\ req[t] = "replied"
                ELSE pc[t] = "dec_and_test"

\* [rcu_read_lock();] if (atomic_dec_and_test(&b->count)) ...; the draft
\* took no rcu_read_lock.  Not zero: [rcu_read_unlock();] done.
SyncBucketAtomicDecAndTest(t) ==
    /\ DecReady(t)
    /\ count' = [count EXCEPT ![DecTarget(t)] = @ - 1]
    /\ IF count[DecTarget(t)] = 1
       THEN /\ inRcu' = IF DecUnderRcu THEN inRcu \cup {t} ELSE inRcu
            /\ Goto(t, "wake_up")
            /\ UNCHANGED ptr
       ELSE /\ Goto(t, AfterDec(t))
            /\ ptr' = DropPtr(t)
            /\ UNCHANGED inRcu
    /\ UNCHANGED <<curr, mem, waitqMem, waitq, gp, fcLock, req, wbStarted,
                   owed>>

\* wake_up(&b->waitq), first half: take the wait queue lock, wake sleepers.
WakeUp(t) ==
    /\ pc[t] = "wake_up"
    \* mutation "no-wake-up": the wake-up wakes nobody
    /\ waitq' = IF Broken("no-wake-up") THEN waitq
               ELSE [waitq EXCEPT ![DecTarget(t)] = {}]
    /\ Goto(t, "wake_up_unlock")
    /\ UNCHANGED <<curr, count, mem, waitqMem, gp, inRcu, ptr, fcLock, req,
                   wbStarted, owed>>

\* wake_up, second half: release b->waitq's lock, leaving the wait queue;
\* then [rcu_read_unlock()].
WakeUpUnlock(t) ==
    /\ pc[t] = "wake_up_unlock"
    /\ RcuReadUnlock(t)
    /\ ptr' = DropPtr(t)
    /\ Goto(t, AfterDec(t))
    /\ UNCHANGED <<curr, count, mem, waitqMem, waitq, fcLock, req, wbStarted,
                   owed>>

-----------------------------------------------------------------------------
(* fuse_sync_fs -> fuse_sync_fs_writes, then FUSE_SYNCFS. *)

\* syncfs begins: new_bucket = fuse_sync_bucket_alloc() (count 1);
\* spin_lock(&fc->lock); bucket = curr; count = atomic_read(&bucket->count).
\* Nothing pending: spin_unlock, kfree(new_bucket) (never published, count 1
\* from the allocation), return.
FuseSyncFsWritesBegin(s) ==
    /\ UsesBuckets /\ pc[s] = "idle" /\ fcLock = NoTask
    /\ owed' = [owed EXCEPT ![s] = Unfinished]
    /\ IF SwapOld(count[curr])
       THEN /\ ptr' = [ptr EXCEPT ![s] = curr]
            /\ UNCHANGED req
            /\ mem' = [mem EXCEPT ![s] = "live"]
            \* mutation "dec-before-assign": atomic_dec(&bucket->count)
            \* while the old bucket is still installed (before the assign)
            /\ count' = IF Broken("dec-before-assign")
                        THEN [count EXCEPT ![s] = 1, ![curr] = @ - 1]
                        ELSE [count EXCEPT ![s] = 1]
            \* mutation "no-fc-lock": fc->lock not taken, so another syncfs
            \* may read the same curr before this one assigns the new bucket
            /\ fcLock' = IF Broken("no-fc-lock") THEN NoTask ELSE s
            /\ Goto(s, "assign")
       ELSE /\ mem' = [mem EXCEPT ![s] = "freed"]
            /\ count' = [count EXCEPT ![s] = 1]
            /\ SendSyncfs(s)
            /\ UNCHANGED <<fcLock, ptr>>
    /\ UNCHANGED <<curr, waitqMem, waitq, gp, inRcu, wbStarted>>

\* atomic_inc(&new->count) (the new bucket cannot complete before the old);
\* rcu_assign_pointer(fc->curr_bucket, new); spin_unlock(&fc->lock).
\* The draft dropped the old bucket's active count before the unlock.
FuseSyncFsWritesAssign(s) ==
    /\ pc[s] \in {"assign", "assign_dec_done"}
    /\ curr' = s
    /\ count' = IF Draft
                THEN [count EXCEPT ![s] = @ + 1, ![ptr[s]] = @ - 1]
                ELSE [count EXCEPT ![s] = @ + 1]
    /\ fcLock' = NoTask
    \* (mutation "dec-before-assign" dropped the old count already)
    /\ Goto(s, IF Draft \/ Broken("dec-before-assign")
                  \/ pc[s] = "assign_dec_done" THEN "wait_event"
               ELSE "atomic_dec_old")
    /\ UNCHANGED <<mem, waitqMem, waitq, gp, inRcu, ptr, req, wbStarted,
                   owed>>

\* atomic_dec(&bucket->count): drop the old bucket's active count.
FuseSyncFsWritesAtomicDecOld(s) ==
    /\ pc[s] = "atomic_dec_old"
    /\ count' = [count EXCEPT ![ptr[s]] = @ - 1]
    /\ Goto(s, "wait_event")
    /\ UNCHANGED <<curr, mem, waitqMem, waitq, gp, inRcu, ptr, fcLock, req,
                   wbStarted, owed>>

\* The same atomic_dec as seen by other CPUs under the LKMM (litmus test
\* syncfs+dec-overtakes-assign): it is unordered (atomic_t.txt), and a release
\* (rcu_assign_pointer, spin_unlock) orders only what precedes it, so the
\* decrement may reach the writers before the new pointer does.  Not before
\* spin_lock (an acquire) or the atomic_read of the same count (coherence):
\* from "assign" on.  A writer may then find the old bucket still installed
\* with count 0, fail atomic_inc_not_zero and reload fc->curr_bucket.
FuseSyncFsWritesAtomicDecOldEarly(s) ==
    /\ Reordered("dec-overtakes-assign") /\ pc[s] = "assign"
    /\ count' = [count EXCEPT ![ptr[s]] = @ - 1]
    /\ Goto(s, "assign_dec_done")
    /\ UNCHANGED <<curr, mem, waitqMem, waitq, gp, inRcu, ptr, fcLock, req,
                   wbStarted, owed>>

\* wait_event(bucket->waitq, atomic_read(&bucket->count) == 0).
FuseSyncFsWritesWaitEvent(s) ==
    /\ pc[s] = "wait_event"
    \* mutation "no-wait-event": go on without waiting for the old bucket
    /\ IF count[ptr[s]] = 0 \/ Broken("no-wait-event")
       THEN /\ Goto(s, "dec_and_test")
            /\ UNCHANGED waitq
       ELSE /\ waitq' = [waitq EXCEPT ![ptr[s]] = @ \cup {s}]
            /\ Goto(s, "sleep")
    /\ UNCHANGED <<curr, count, mem, waitqMem, gp, inRcu, ptr, fcLock, req,
                   wbStarted, owed>>

\* schedule() returns once a waker took the task off the wait queue.
FuseSyncFsWritesWoken(s) ==
    /\ pc[s] = "sleep" /\ s \notin waitq[ptr[s]]
    /\ Goto(s, "wait_event")
    /\ UNCHANGED <<curr, count, mem, waitqMem, waitq, gp, inRcu, ptr, fcLock,
                   req, wbStarted, owed>>

\* kfree_rcu(bucket, rcu): the memory is freed after a grace period.  The
\* rcu_head is written now (over waitq if they share a union): always with
\* Tiny RCU, with Tree RCU when the per-CPU bulk array is full (see header).
\* fuse_sync_fs_writes returns and FUSE_SYNCFS is sent.
FuseSyncFsWritesKfreeRcu(s) ==
    /\ pc[s] = "kfree_rcu"
    /\ mem' = [mem EXCEPT ![ptr[s]] = "rcu_pending"]
    /\ gp' = [gp EXCEPT ![ptr[s]] = inRcu]
    /\ waitqMem' = IF UnionWaitqRcu
                   THEN [waitqMem EXCEPT ![ptr[s]] = "rcu_head"]
                   ELSE waitqMem
    /\ ptr' = [ptr EXCEPT ![s] = NoBucket]
    /\ SendSyncfs(s)
    /\ UNCHANGED <<curr, count, waitq, inRcu, fcLock, wbStarted, owed>>

\* v5.14: fuse_sync_fs only sends FUSE_SYNCFS, so syncfs begins here.
FuseSyncFsSend(s) ==
    /\ ~UsesBuckets /\ pc[s] = "idle"
    /\ owed' = [owed EXCEPT ![s] = Unfinished]
    /\ SendSyncfs(s)
    /\ UNCHANGED <<curr, count, mem, waitqMem, waitq, gp, inRcu, ptr, fcLock,
                   wbStarted>>

-----------------------------------------------------------------------------
(* The server and RCU.  Their pc counts the steps they have taken. *)

\* The server completes a WRITE on the host file.
ServerReply(r) ==
    /\ req[r] = "queued"
    /\ req' = [req EXCEPT ![r] = "replied"]
    /\ owed' = [s \in Syncers |-> owed[s] \ {r}]
    /\ pc' = [pc EXCEPT ![Server] = @ + 1]
    /\ UNCHANGED <<curr, count, mem, waitqMem, waitq, gp, inRcu, ptr, fcLock,
                   wbStarted>>

\* The kfree_rcu callback runs once the grace period has ended.
RcuCallbackKfree(b) ==
    /\ mem[b] = "rcu_pending" /\ gp[b] = {}
    /\ mem' = [mem EXCEPT ![b] = "freed"]
    /\ pc' = [pc EXCEPT ![Rcu] = @ + 1]
    /\ UNCHANGED <<curr, count, waitqMem, waitq, gp, inRcu, ptr, fcLock, req,
                   wbStarted, owed>>

-----------------------------------------------------------------------------

DecStep(t) ==
    \/ SyncBucketAtomicDecAndTest(t) \/ WakeUp(t) \/ WakeUpUnlock(t)

WriterNext(w) ==
    \/ AddToBucketRcuDereference(w) \/ AddToBucketAtomicIncNotZero(w)
    \/ FuseSendWritepage(w) \/ FuseWritepageEnd(w) \/ DecStep(w)

SyncerNext(s) ==
    \/ FuseSyncFsWritesBegin(s) \/ FuseSyncFsWritesAssign(s)
    \/ FuseSyncFsWritesAtomicDecOldEarly(s) \/ FuseSyncFsWritesAtomicDecOld(s) \/ FuseSyncFsWritesWaitEvent(s)
    \/ FuseSyncFsWritesWoken(s) \/ DecStep(s) \/ FuseSyncFsWritesKfreeRcu(s)
    \/ FuseSyncFsSend(s)

Next ==
    \/ \E w \in Writers : WriterNext(w)
    \/ \E s \in Syncers : SyncerNext(s)
    \/ \E r \in Writers : ServerReply(r)
    \/ \E b \in Buckets : RcuCallbackKfree(b)

\* Starting a write or a syncfs (leaving "idle") is user space's choice.
Fairness ==
    /\ \A w \in Writers : WF_vars(pc[w] # "idle" /\ WriterNext(w))
    /\ \A s \in Syncers : WF_vars(pc[s] # "idle" /\ SyncerNext(s))
    /\ WF_vars(\E r \in Writers : ServerReply(r))
    /\ WF_vars(\E b \in Buckets : RcuCallbackKfree(b))

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Properties. *)

\* When FUSE_SYNCFS is sent, every write accounted before this syncfs began
\* has completed at the server (Amir's requirement in seed 004).
SyncfsCoversPriorWrites ==
    \A s \in Syncers : req[s] # "none" => owed[s] = {}

\* Buckets a task will still dereference, by where it is.
WriterHoldPcs == {"inc_not_zero", "wait_reply", "wake_up", "wake_up_unlock"}
SyncerNewPcs  == {"assign", "assign_dec_done", "atomic_dec_old", "wait_event",
                  "sleep", "dec_and_test", "wake_up", "wake_up_unlock"}
SyncerOldPcs  == SyncerNewPcs \cup {"kfree_rcu"}
Uses(t) ==
    IF t \in Writers
    THEN IF pc[t] \in WriterHoldPcs THEN {ptr[t]} \ {NoBucket} ELSE {}
    ELSE (IF pc[t] \in SyncerOldPcs THEN {ptr[t]} ELSE {})
         \cup (IF pc[t] \in SyncerNewPcs THEN {t} ELSE {})

\* No task is about to dereference a bucket whose memory was freed.
NoBucketUseAfterFree ==
    \A t \in Tasks : \A b \in Uses(t) : mem[b] # "freed"

\* The wait queue a task is inside (a waker in wake_up, a sleeper on it).
WaitqInUse(t) ==
    IF pc[t] \in {"wake_up", "wake_up_unlock"} THEN {DecTarget(t)}
    ELSE IF pc[t] = "sleep" THEN {ptr[t]} ELSE {}

\* Nobody is inside a wait queue whose bytes the rcu_head has overwritten.
NoWaitqClobber ==
    \A t \in Tasks : \A b \in WaitqInUse(t) : waitqMem[b] = "waitq"

\* Vivek's claim: the installed bucket never has count 0.
InstalledBucketNonZero == count[curr] >= 1

\* Witness: a writer holds a pointer, loaded under RCU, to a bucket whose
\* count is 0 -- the only way add_to_bucket can ever see a zero count.
StaleBucketZero ==
    \E w \in Writers : /\ pc[w] = "inc_not_zero"
                       /\ ptr[w] # curr
                       /\ count[ptr[w]] = 0

\* Witness (Reorderings): a writer about to try atomic_inc_not_zero on the
\* bucket still installed, whose count is already 0 -- the retry of
\* syncfs+dec-overtakes-assign, which SC never shows (InstalledBucketNonZero).
WriterMeetsInstalledZero ==
    \E w \in Writers : /\ pc[w] = "inc_not_zero"
                       /\ ptr[w] = curr
                       /\ count[curr] = 0

\* Every syncfs that began eventually returns (assumes a live server).
EverySyncfsReturns ==
    \A s \in Syncers : pc[s] # "idle" ~> pc[s] = "done"
=============================================================================

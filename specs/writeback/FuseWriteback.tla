---------------------------- MODULE FuseWriteback ----------------------------
(***************************************************************************)
(* FUSE writeback of mmapped pages: fs/fuse/file.c.                        *)
(*                                                                         *)
(* Commits and variants modelled:                                          *)
(*   "fuse: support writable mmap" (3be5a52b30aa, v2.6.26): every dirty    *)
(*     page is copied to a temporary page, end_page_writeback at once, the *)
(*     request sits in the per-inode tree fi->writepages, and a rewrite of *)
(*     a page still in flight becomes a secondary request chained on       *)
(*     wpa->next, sent only when the first completes (fuse_writepage_add,  *)
(*     fuse_writepage_end).  fuse_page_mkwrite waits with                  *)
(*     fuse_wait_on_page_writeback (tree lookup).  Variant "temp-pages".   *)
(*   Variant "temp-pages-no-chain": the same, but fuse_writepage_add never *)
(*     chains: a rewrite is sent at once, next to the one in flight.       *)
(*   Seed 003 (RFC, Dec 2023, virtiofs only, not merged): the page-cache   *)
(*     page itself is sent, it stays PG_writeback until the reply          *)
(*     (fuse_writepage_finish -> end_page_writeback), no tree, and         *)
(*     fuse_page_mkwrite calls folio_wait_stable, which waits only when    *)
(*     the mapping requires stable writes; FUSE does not set               *)
(*     AS_STABLE_WRITES, so it returns at once.  Variant "rfc-no-temp".    *)
(*   "fuse: remove tmp folio for writebacks and internal rb tree" (v6.16): *)
(*     no temp page, no tree, no wpa->next; the folio stays PG_writeback   *)
(*     until the reply and fuse_page_mkwrite calls folio_wait_writeback   *)
(*     under the folio lock.  Variant "upstream-6.16".                     *)
(*                                                                         *)
(* Actors:                                                                 *)
(*   App     - stores through a shared mmap.  A store needs a writable     *)
(*             PTE; on a write-protected PTE it faults (do_page_mkwrite -> *)
(*             fuse_page_mkwrite, which dirties the page and makes the PTE *)
(*             writable).  Writeback write-protects the PTE               *)
(*             (clear_page_dirty_for_io -> folio_mkclean), so the next     *)
(*             store faults again.                                         *)
(*   Gups    - direct reads into that mmapped buffer: get_user_pages       *)
(*             pins the page (faulting it writable through                 *)
(*             fuse_page_mkwrite if needed), the read's data later lands   *)
(*             in the pinned page through the kernel mapping and the page  *)
(*             is dirtied again by set_page_dirty_lock                     *)
(*             (fuse_release_user_pages) -- without page_mkwrite.  This is *)
(*             the case the comment in fuse_writepage_need_send describes  *)
(*             ("direct read to an mmaped fuse file will set the page      *)
(*             dirty twice").  Two of them, so that two re-dirtyings can   *)
(*             hit the page while one WRITE is in flight: that reaches     *)
(*             fuse_writepage_add's reuse of an already chained secondary. *)
(*   Flusher - background writeback (WB_SYNC_NONE): fuse_writepages_fill,  *)
(*             then fuse_writepages_send.                                  *)
(*   Sync    - sync_filesystem once: WB_SYNC_ALL writeback of the page     *)
(*             (sync_inodes_sb), then ->sync_fs = fuse_sync_fs, which      *)
(*             swaps fc->curr_bucket and waits until every write request   *)
(*             of the old bucket has completed ("fuse: wait for writepages *)
(*             in syncfs", v5.15; survived v6.16 unchanged).               *)
(*   Servers - two FUSE server threads (virtiofs: device queues): each     *)
(*             takes any sent WRITE (fuse_dev_do_read; for virtiofs the    *)
(*             device reads the request), copies its data out, writes it   *)
(*             to its file and replies; the reply runs fuse_writepage_end  *)
(*             in the server's context.  Replies come in any order.        *)
(*                                                                         *)
(* Seed answered: 003 ("there's no needs to allocate temporary pages, use  *)
(* page cache pages for write-back io directly").  Answer: with            *)
(* folio_wait_stable on a mapping without stable writes, an mmap store     *)
(* changes a page while the WRITE that sends it is in flight (NoTornWrite  *)
(* violated); v6.16 gets it right with folio_wait_writeback.  The temp    *)
(* page design needs the wpa->next chain for NoStaleOverwrite.             *)
(*                                                                         *)
(* Simplifications (and why they do not hide the races):                   *)
(*  - One page.  Every mechanism here is per page: the tree lookup         *)
(*    (fuse_find_writeback on one index), PG_writeback, PG_dirty, the PTE, *)
(*    the chain of at most one secondary per page.  Multi-page requests    *)
(*    are split at pages already under fuse writeback                      *)
(*    (fuse_writepage_need_send), so a page's requests behave as here.     *)
(*  - Page content is a version counter: each store or read completion     *)
(*    increments it.  A copy request (temp page) carries the version at    *)
(*    copy_highpage; a reference request carries the page itself, so the   *)
(*    server gets whatever the page holds when it reads the request.       *)
(*  - The read's data landing and set_page_dirty_lock are one step.  In    *)
(*    between the page holds data of a read that has not returned yet;     *)
(*    sync owes nothing for it, and writeback only looks at PG_dirty.  The *)
(*    step still changes the page while a request may be in flight, which *)
(*    is the behaviour of interest.                                        *)
(*  - Each step of fuse_writepages_fill (folio_lock, folio_clear_dirty_for *)
(*    _io, copy or reference, tree insert / chain, folio_start_writeback,  *)
(*    folio_unlock) is one step: everything else that looks at the page    *)
(*    (fuse_page_mkwrite) takes the folio lock first.  fi->lock, which     *)
(*    guards the tree and wpa->next, is only held inside single steps      *)
(*    (fill, send, fuse_writepage_end), so it needs no variable.           *)
(*  - Writeback of the inode is not serialised by I_SYNC here, so the      *)
(*    flusher and sync may fill concurrently: more interleavings than the  *)
(*    kernel allows, which only strengthens the "holds" results.           *)
(*  - Two server threads, each copying out one request at a time and      *)
(*    replying later.  Two are needed: with one thread the copy and the    *)
(*    write of a request are never separated by another request's write,  *)
(*    and two reference requests could never overtake each other.          *)
(*  - The server's file is the persistent store; FUSE_SYNCFS, fsync,       *)
(*    FUSE_NOWRITE (fuse_sync_writes), truncate, reclaim's fuse_writepage  *)
(*    and errors are not modelled.  Sync's wait_sb_inodes wait on          *)
(*    PG_writeback is covered by the bucket wait (every such request is   *)
(*    in the old bucket).                                                  *)
(*  - Bounded: App does Stores stores, each Gup task one read (Reads      *)
(*    tasks), sync runs once; the flusher may run any number of times.    *)
(*                                                                         *)
(* Fairness the kernel gives: weak fairness for each runnable task (App,   *)
(* the readers, the flusher, sync); none for a user task that may never    *)
(* run again; none for the server, which may never reply (the reason for   *)
(* temp pages).                                                            *)
(* Every property checked here is a safety property (an invariant or an   *)
(* action property [][A]_v), so Spec carries no fairness: fairness cannot  *)
(* change a safety verdict.                                                *)
(***************************************************************************)
EXTENDS Naturals, Sequences, TLC

CONSTANTS
    Variant,  \* "temp-pages" | "temp-pages-no-chain" | "rfc-no-temp" | "upstream-6.16"
    Stores,   \* number of stores App performs
    Reads,    \* number of direct-read tasks, one read each
    Mutations \* fixes broken on purpose ({} for every real variant); the
              \* mutant-*.cfg show that each "holds" can fail (README.md)

ASSUME Variant \in {"temp-pages", "temp-pages-no-chain", "rfc-no-temp", "upstream-6.16"}
ASSUME Stores \in Nat \ {0} /\ Reads \in Nat \ {0}
ASSUME Mutations \subseteq {"read-completes-twice", "wb-ignores-writeback", "sync-skips-writeback",
                             "sync-skips-dirty", "chain-keeps-old-page", "syncfs-no-wait"}

Mutated(m) == m \in Mutations

App == "app"
Gups == {"gup" \o ToString(i) : i \in 1..Reads}
Flusher == "flusher"
Sync == "sync"
Servers == {"server1", "server2"}
Actors == {App, Flusher, Sync} \cup Gups \cup Servers
Writers == {Flusher, Sync}

\* Highest page version: every store and every read add one.
MaxVer == Stores + Reads

TempPages == Variant \in {"temp-pages", "temp-pages-no-chain"}

\* A WRITE request: the page version at fill time (what a temp-page copy
\* holds), whether it references the page-cache page instead, its state, its
\* sync bucket (0 = the bucket that was current before sync's swap, 1 = the
\* new one), and the data the server copied out (set when it reads the
\* request: the copy, or whatever the referenced page holds by then).
\*   "filled"  - built by fuse_writepages_fill, not yet sent (in the tree)
\*   "queued"  - secondary request waiting on wpa->next (not in the tree)
\*   "sent"    - queued to the server (fuse_flush_writepages)
\*   "reading" - the server is copying it out
Req == [ver : 0..MaxVer, ref : BOOLEAN,
        st : {"filled", "queued", "sent", "reading"}, bkt : {0, 1}, data : 0..MaxVer]
NoReq == [ver |-> 0, ref |-> FALSE, st |-> "none", bkt |-> 0, data |-> 0]

StorePc(k) == "store" \o ToString(k)
MkwritePc(k) == "mkwrite" \o ToString(k)
\* <<pc where an actor needs a writable PTE, pc while it is in the fault>>
Touch == {<<StorePc(k), MkwritePc(k)>> : k \in 1..Stores} \cup {<<"gup", "gup_mkwrite">>}

VARIABLES
    pc,        \* program counter of every actor
    ver,       \* page content (version)
    dirty,     \* PG_dirty
    writable,  \* the mmap's PTE is writable
    pgwb,      \* PG_writeback
    reqs,      \* WRITE requests for the page that have not completed
    wbReq,     \* request a writer filled and will send (NoReq if none)
    srvFile,   \* the server's version of the page (what its file holds)
    srvReq,    \* request a server thread serves, with the data it copied out
    syncVer,   \* ghost: page content when sync started
    bucket     \* fc->curr_bucket: 0 before sync's swap, 1 after

vars == <<pc, ver, dirty, writable, pgwb, reqs, wbReq, srvFile, srvReq, syncVer, bucket>>

TypeOK ==
    /\ pc \in [Actors -> STRING]
    /\ ver \in 0..MaxVer
    /\ dirty \in BOOLEAN
    /\ writable \in BOOLEAN
    /\ pgwb \in BOOLEAN
    /\ reqs \subseteq Req
    /\ wbReq \in [Writers -> Req \cup {NoReq}]
    /\ srvFile \in 0..MaxVer
    /\ srvReq \in [Servers -> Req \cup {NoReq}]
    /\ syncVer \in 0..MaxVer
    /\ bucket \in {0, 1}

Init ==
    /\ pc = [a \in Actors |->
               CASE a = App          -> StorePc(1)
                 [] a \in Gups        -> "gup"
                 [] a \in Writers     -> "idle"
                 [] a \in Servers     -> "idle"]
    /\ ver = 0
    /\ dirty = FALSE
    /\ writable = FALSE
    /\ pgwb = FALSE
    /\ reqs = {}
    /\ wbReq = [w \in Writers |-> NoReq]
    /\ srvFile = 0
    /\ srvReq = [s \in Servers |-> NoReq]
    /\ syncVer = 0
    /\ bucket = 0

\* fuse_find_writeback: a request for the page is in fi->writepages.
\* A secondary is not in the tree, but it only exists behind a primary.
InTree == \E r \in reqs : r.st # "queued"

\* A WRITE that sends the page-cache page itself is in flight: queued to the
\* server (a virtiofs device may read the page at any moment from then on)
\* and not yet replied to.
RefInFlight == \E r \in reqs : r.ref /\ r.st \in {"sent", "reading"}

\* reqs is a set of records: two equal requests would silently merge into one,
\* so every update goes through Add, which stops the model check instead.
Add(S, r) == IF Assert(r \notin S, <<"two equal requests would merge", r>>) THEN S \cup {r} ELSE S
Replace(S, old, new) == Add(S \ {old}, new)

\* What fuse_page_mkwrite waits for before it lets the page be written.
MkwriteMayProceed ==
    CASE TempPages                 -> ~InTree   \* fuse_wait_on_page_writeback
      [] Variant = "rfc-no-temp"   -> TRUE      \* folio_wait_stable: no stable writes
      [] Variant = "upstream-6.16" -> ~pgwb     \* folio_wait_writeback

-----------------------------------------------------------------------------
(* App and the direct readers: the page fault path *)

\* A write through a write-protected PTE faults (handle_mm_fault -> do_wp_page).
HandleMmFault(a) ==
    \E t \in Touch :
        /\ pc[a] = t[1]
        /\ ~writable
        /\ pc' = [pc EXCEPT ![a] = t[2]]
        /\ UNCHANGED <<ver, dirty, writable, pgwb, reqs, wbReq, srvFile, srvReq, syncVer, bucket>>

\* fuse_page_mkwrite under the folio lock, then fault_dirty_shared_page
\* dirties the page and the PTE becomes writable; the access is retried.
FusePageMkwrite(a) ==
    \E t \in Touch :
        /\ pc[a] = t[2]
        /\ MkwriteMayProceed
        /\ writable' = TRUE
        /\ dirty' = TRUE
        /\ pc' = [pc EXCEPT ![a] = t[1]]
        /\ UNCHANGED <<ver, pgwb, reqs, wbReq, srvFile, srvReq, syncVer, bucket>>

\* The k-th store hits a writable PTE: no fault, the page changes.
MmapStoreK(k) ==
    /\ pc[App] = StorePc(k)
    /\ writable
    /\ ver' = ver + 1
    /\ pc' = [pc EXCEPT ![App] = IF k = Stores THEN "done" ELSE StorePc(k + 1)]
    /\ UNCHANGED <<dirty, writable, pgwb, reqs, wbReq, srvFile, srvReq, syncVer, bucket>>

MmapStore == \E k \in 1..Stores : MmapStoreK(k)

\* get_user_pages(FOLL_WRITE) finds a writable PTE and pins the page.
GetUserPages(g) ==
    /\ pc[g] = "gup"
    /\ writable
    /\ pc' = [pc EXCEPT ![g] = "read"]
    /\ UNCHANGED <<ver, dirty, writable, pgwb, reqs, wbReq, srvFile, srvReq, syncVer, bucket>>

\* The read's data lands in the pinned page through the kernel mapping and
\* fuse_release_user_pages re-dirties it (set_page_dirty_lock): the page
\* changes without fuse_page_mkwrite, whatever writeback is doing.
FuseReleaseUserPages(g) ==
    /\ pc[g] = "read"
    /\ ver' = ver + 1
    /\ dirty' = TRUE
    \* mutant: the completion runs again for the same pin (TypeOK's bound)
    /\ pc' = [pc EXCEPT ![g] = IF Mutated("read-completes-twice") THEN "read" ELSE "done"]
    /\ UNCHANGED <<writable, pgwb, reqs, wbReq, srvFile, srvReq, syncVer, bucket>>

-----------------------------------------------------------------------------
(* Writeback: the flusher (WB_SYNC_NONE) and sync (WB_SYNC_ALL) *)

FillPc(w) == IF w = Flusher THEN "idle" ELSE "sync_inodes"
SendPc(w) == IF w = Flusher THEN "send" ELSE "sync_send"
DonePc(w) == IF w = Flusher THEN "idle" ELSE "sync_fs"

\* write_cache_pages found the page dirty and not under writeback
\* (WB_SYNC_NONE skips a PG_writeback page, WB_SYNC_ALL waits for it:
\* either way this step is not taken while pgwb), locked it, and
\* folio_clear_dirty_for_io write-protected the PTE; then fuse_writepages_fill.
FuseWritepagesFill(w) ==
    /\ pc[w] = FillPc(w)
    /\ dirty
    \* mutant: neither skip nor wait for a page under writeback
    /\ ~pgwb \/ Mutated("wb-ignores-writeback")
    /\ dirty' = FALSE
    /\ writable' = FALSE
    /\ LET new == [ver |-> ver, ref |-> ~TempPages, st |-> "filled", bkt |-> bucket, data |-> ver]
       IN IF Variant = "temp-pages" /\ InTree
          THEN \* fuse_writepage_add: the page is in flight, chain a secondary.
               \* A secondary already chained gets the new temp page instead
               \* (at most two requests per page); either way this writer
               \* has nothing to send and ends writeback at once.
               \* (mutant: the chained secondary keeps its old copy).
               /\ reqs' = IF \E q \in reqs : q.st = "queued"
                          THEN LET q == CHOOSE q \in reqs : q.st = "queued"
                               IN IF Mutated("chain-keeps-old-page") THEN reqs
                                  ELSE Replace(reqs, q, [q EXCEPT !.ver = ver, !.data = ver])
                          ELSE Add(reqs, [new EXCEPT !.st = "queued"])
               /\ wbReq' = [wbReq EXCEPT ![w] = NoReq]
               /\ UNCHANGED pgwb
          ELSE \* folio_start_writeback; the request holds a temp-page copy
               \* or (no temp page) the page itself.
               /\ reqs' = Add(reqs, new)
               /\ wbReq' = [wbReq EXCEPT ![w] = new]
               /\ pgwb' = TRUE
    /\ pc' = [pc EXCEPT ![w] = SendPc(w)]
    /\ UNCHANGED <<ver, srvFile, srvReq, syncVer, bucket>>

\* fuse_writepages_send: queue the request and fuse_flush_writepages sends it;
\* with temp pages end_page_writeback follows at once, without them the page
\* stays under writeback until the reply.
FuseWritepagesSend(w) ==
    /\ pc[w] = SendPc(w)
    /\ IF wbReq[w] = NoReq
       THEN UNCHANGED <<reqs, pgwb>>
       ELSE /\ reqs' = Replace(reqs, wbReq[w], [wbReq[w] EXCEPT !.st = "sent"])
            /\ pgwb' = IF TempPages THEN FALSE ELSE pgwb
    /\ wbReq' = [wbReq EXCEPT ![w] = NoReq]
    /\ pc' = [pc EXCEPT ![w] = DonePc(w)]
    /\ UNCHANGED <<ver, dirty, writable, srvFile, srvReq, syncVer, bucket>>

-----------------------------------------------------------------------------
(* Sync: sync_filesystem once *)

\* sync(2) starts; the ghost remembers what it must make persistent.
SyncFilesystem ==
    /\ pc[Sync] = "idle"
    /\ syncVer' = ver
    /\ pc' = [pc EXCEPT ![Sync] = "sync_inodes"]
    /\ UNCHANGED <<ver, dirty, writable, pgwb, reqs, wbReq, srvFile, srvReq, bucket>>

\* sync_inodes_sb finds the page clean: nothing to write back.
SyncInodesSbClean ==
    /\ pc[Sync] = "sync_inodes"
    \* mutants: WB_SYNC_ALL skips a page under writeback instead of waiting
    \* for it, or skips the dirty page altogether
    /\ \/ ~dirty
       \/ pgwb /\ Mutated("sync-skips-writeback")
       \/ Mutated("sync-skips-dirty")
    /\ pc' = [pc EXCEPT ![Sync] = "sync_fs"]
    /\ UNCHANGED <<ver, dirty, writable, pgwb, reqs, wbReq, srvFile, srvReq, syncVer, bucket>>

\* fuse_sync_fs_writes: install a new bucket; requests already counted stay
\* in the old one.
FuseSyncFsWrites ==
    /\ pc[Sync] = "sync_fs"
    /\ bucket' = 1
    /\ pc' = [pc EXCEPT ![Sync] = "sync_wait"]
    /\ UNCHANGED <<ver, dirty, writable, pgwb, reqs, wbReq, srvFile, srvReq, syncVer>>

\* wait_event(old->waitq, count == 0): every request of the old bucket has
\* completed (fuse_writepage_free -> fuse_sync_bucket_dec); sync returns.
FuseSyncFsWait ==
    /\ pc[Sync] = "sync_wait"
    /\ (\A r \in reqs : r.bkt # 0) \/ Mutated("syncfs-no-wait")  \* mutant: no wait
    /\ pc' = [pc EXCEPT ![Sync] = "done"]
    /\ UNCHANGED <<ver, dirty, writable, pgwb, reqs, wbReq, srvFile, srvReq, syncVer, bucket>>

-----------------------------------------------------------------------------
(* Server threads *)

\* Server thread s takes any sent WRITE and copies its data out: the
\* temp-page snapshot, or whatever the page-cache page holds right now.
FuseDevDoRead(s) ==
    /\ pc[s] = "idle"
    /\ \E r \in reqs :
          LET rd == [r EXCEPT !.st = "reading", !.data = IF r.ref THEN ver ELSE r.ver]
          IN /\ r.st = "sent"
             /\ reqs' = Replace(reqs, r, rd)
             /\ srvReq' = [srvReq EXCEPT ![s] = rd]
    /\ pc' = [pc EXCEPT ![s] = "reply"]
    /\ UNCHANGED <<ver, dirty, writable, pgwb, wbReq, srvFile, syncVer, bucket>>

\* The thread writes the data to the server's file and replies;
\* fuse_writepage_end: erase from the tree and send the chained secondary
\* (temp pages), or fuse_writepage_finish -> end_page_writeback (no temp page).
FuseWritepageEnd(s) ==
    /\ pc[s] = "reply"
    /\ LET rest == reqs \ {srvReq[s]}
       IN reqs' = IF \E q \in rest : q.st = "queued"
                  THEN LET q == CHOOSE q \in rest : q.st = "queued"
                       IN Replace(rest, q, [q EXCEPT !.st = "sent"])
                  ELSE rest
    /\ srvFile' = srvReq[s].data
    /\ srvReq' = [srvReq EXCEPT ![s] = NoReq]
    /\ pgwb' = IF TempPages THEN pgwb ELSE FALSE
    /\ pc' = [pc EXCEPT ![s] = "idle"]
    /\ UNCHANGED <<ver, dirty, writable, wbReq, syncVer, bucket>>

-----------------------------------------------------------------------------
Next ==
    \/ \E a \in {App} \cup Gups : HandleMmFault(a) \/ FusePageMkwrite(a)
    \/ MmapStore
    \/ \E g \in Gups : GetUserPages(g) \/ FuseReleaseUserPages(g)
    \/ \E w \in Writers : FuseWritepagesFill(w) \/ FuseWritepagesSend(w)
    \/ SyncFilesystem
    \/ SyncInodesSbClean
    \/ FuseSyncFsWrites
    \/ FuseSyncFsWait
    \/ \E s \in Servers : FuseDevDoRead(s) \/ FuseWritepageEnd(s)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties *)

\* Stable pages for mmap writers: a store that went through fuse_page_mkwrite
\* never changes the page while a WRITE that sends that very page (not a
\* copy) is in flight.  The readers' re-dirtying is outside this property.
NoTornWrite == [][MmapStore => ~RefInFlight]_vars

\* The server's version of the page never goes backwards.
NoStaleOverwrite == [][srvFile' >= srvFile]_srvFile

\* When sync returns, the server has at least what the page held when sync
\* started.
SyncPersists == pc[Sync] = "done" => srvFile >= syncVer
=============================================================================

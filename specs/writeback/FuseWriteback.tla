---------------------------- MODULE FuseWriteback ----------------------------
(***************************************************************************)
(* FUSE writeback-cache writeback of one page: fs/fuse/file.c, with sync   *)
(* (fs/fs-writeback.c wait_sb_inodes, fs/fuse/inode.c fuse_sync_fs).       *)
(*                                                                         *)
(* Designs (constant Variant) and their sources:                           *)
(*   "temp-pages": "fuse: support writable mmap" (3be5a52b30aa, v2.6.26)   *)
(*     copies every dirty page to a temporary page and calls               *)
(*     end_page_writeback at once; the request sits in fi->writepages.     *)
(*     "fuse: writepages: handle same page rewrites" (8b284dc47291, v3.13) *)
(*     makes a rewrite of a page still in flight a secondary request       *)
(*     chained on wpa->next, sent by fuse_writepage_end when the first     *)
(*     completes; a second rewrite reuses the chained secondary            *)
(*     (fuse_writepage_add).  fuse_page_mkwrite and fuse_write_begin wait  *)
(*     with fuse_wait_on_page_writeback (tree lookup).  Read in file.c of  *)
(*     the temp-page era (about v5.11) and in the removal diff below.      *)
(*   "temp-pages-no-chain": the same without 8b284dc47291's chain: a       *)
(*     rewrite is sent at once next to the one in flight.  Not a kernel    *)
(*     release: it shows what the chain is for.                            *)
(*   "rfc-no-temp": seed 003, "[RFC] fuse: use page cache pages for        *)
(*     writeback io when virtio_fs is in use" (28 Dec 2023, against file.c *)
(*     of about v6.7, not merged).  Only when the connection is virtiofs   *)
(*     and has the writeback cache: the page-cache page itself is sent, it *)
(*     stays PG_writeback until fuse_writepage_finish (end_page_writeback),*)
(*     fuse_writepages_fill skips fuse_writepage_add (no tree, no chain),  *)
(*     fuse_page_mkwrite calls folio_wait_stable, which waits only if the  *)
(*     mapping needs stable writes; FUSE does not set that, so it returns  *)
(*     at once.  fuse_write_begin still calls fuse_wait_on_page_writeback, *)
(*     which finds nothing: no-temp requests are not in the tree.          *)
(*   "upstream": "fuse: remove tmp folio for writebacks and internal rb    *)
(*     tree" (0c58a97f919c, v6.16): no temp folio, no tree, no wpa->next;  *)
(*     the folio stays PG_writeback until the reply; fuse_page_mkwrite     *)
(*     calls folio_wait_writeback under the folio lock; fuse_write_begin   *)
(*     no longer waits at all (read in file.c at v6.16).                   *)
(*                                                                         *)
(* Sync depends on the transport and the kernel (constants Transport and  *)
(* Kernel, 515 = v5.15):                                                   *)
(*   - fuse_sync_fs returns at once unless fc->sync_fs, which only         *)
(*     virtio_fs_get_tree sets ("virtiofs: propagate sync() to file        *)
(*     server", 2d82ab251ef0, v5.14); fuse_writepage_add_to_bucket does    *)
(*     nothing then.  Since "fuse: wait for writepages in syncfs"          *)
(*     (660585b56e63, v5.15) fuse_sync_fs swaps fc->curr_bucket and waits  *)
(*     until every WRITE of the old bucket has completed.  Before v5.14    *)
(*     FUSE had no ->sync_fs.  So the bucket wait exists only for          *)
(*     virtiofs on v5.15 or later (SyncFsWaitsForWrites).                  *)
(*   - sync_inodes_sb ends in wait_sb_inodes, which waits for PG_writeback.*)
(*     With temp pages that ends before the WRITE is even served, so it    *)
(*     waits for nothing that matters; without them it waits for the       *)
(*     reply.  "fs/writeback: skip AS_NO_DATA_INTEGRITY mappings in        *)
(*     wait_sb_inodes()" (f9a49aa302a0, v6.19; Fixes: 0c58a97f919c) sets  *)
(*     that flag on every writeback-cache FUSE mapping, so wait_sb_inodes  *)
(*     skips them again (WaitSbInodesSkipsFuse).                           *)
(*   The configs fix one (design, transport, kernel) each; ASSUME below    *)
(*   rejects combinations that never existed.                              *)
(*                                                                         *)
(* Actors:                                                                 *)
(*   App     - stores through a shared mmap.  A store needs a writable     *)
(*             PTE; on a write-protected PTE it faults (do_page_mkwrite -> *)
(*             fuse_page_mkwrite, which dirties the page and makes the PTE *)
(*             writable).  Writeback write-protects the PTE               *)
(*             (folio_clear_dirty_for_io -> folio_mkclean), so the next    *)
(*             store faults again.                                         *)
(*   Wr      - write(2) on the writeback cache: generic_perform_write ->   *)
(*             fuse_write_begin (folio locked; FGP_STABLE's                *)
(*             folio_wait_stable returns at once for FUSE; temp pages:     *)
(*             fuse_wait_on_page_writeback), copy from the user buffer,    *)
(*             fuse_write_end (folio_mark_dirty, unlock).                  *)
(*   Gups    - direct reads into that mmapped buffer: get_user_pages pins  *)
(*             the page (faulting it writable through fuse_page_mkwrite if *)
(*             needed), the read's data later lands in the pinned page     *)
(*             through the kernel mapping and fuse_release_user_pages      *)
(*             re-dirties it (set_page_dirty_lock) -- without page_mkwrite.*)
(*             The case of the comment in fuse_writepage_need_send         *)
(*             ("direct read to an mmaped fuse file will set the page      *)
(*             dirty twice").  Two of them, so that two re-dirtyings can   *)
(*             hit the page while one WRITE is in flight: that reaches     *)
(*             fuse_writepage_add's reuse of an already chained secondary. *)
(*   Flusher - background writeback (WB_SYNC_NONE): fuse_writepages_fill,  *)
(*             then fuse_writepages_send.                                  *)
(*   Sync    - sync_filesystem once: WB_SYNC_ALL writeback of the page,    *)
(*             wait_sb_inodes, then ->sync_fs = fuse_sync_fs (wait = 1).   *)
(*   Servers - two FUSE server threads (virtiofs: device queues): each     *)
(*             takes any sent WRITE, copies its data out, writes it to its *)
(*             file and replies; the reply runs fuse_writepage_end.        *)
(*             Replies come in any order.                                  *)
(*                                                                         *)
(* Seed answered: 003.  See README.md for the answer per design.           *)
(*                                                                         *)
(* Simplifications (and why they do not hide the races):                   *)
(*  - One page, writeback cache on (the RFC and f9a49aa302a0 act only      *)
(*    then).  Every mechanism here is per page: the tree lookup, PG_       *)
(*    writeback, PG_dirty, the PTE, at most one secondary per page.        *)
(*    Multi-page requests are split at pages already under fuse writeback *)
(*    (fuse_writepage_need_send), so a page's requests behave as here.     *)
(*  - Page content is a version counter: each store, write(2) copy and     *)
(*    read completion adds one.  A temp-page request carries the version   *)
(*    at the copy; a page request carries the page itself, so the server   *)
(*    gets whatever the page holds when it reads the request.              *)
(*  - write(2): fuse_write_begin .. fuse_write_end run under the folio     *)
(*    lock, which writeback's fill also takes, so they are one step.  The  *)
(*    write-through path (fuse_perform_write: fuse_fill_write_pages copies *)
(*    into the folio before fuse_send_write_pages calls                    *)
(*    folio_wait_writeback, at v6.16) is not modelled; it stores into a    *)
(*    folio under writeback in the same way.                               *)
(*  - The read's data landing and set_page_dirty_lock are one step.        *)
(*  - Each step of fuse_writepages_fill (folio lock, clear dirty for io,   *)
(*    copy or reference, tree insert / chain, folio_start_writeback,       *)
(*    unlock) is one step: everything else that looks at the page takes    *)
(*    the folio lock first.  fi->lock is held only inside single steps.    *)
(*  - I_SYNC (fs/fs-writeback.c) is held from a writer's fill to its send *)
(*    (one fuse_writepages call): the flusher skips an inode another       *)
(*    writer holds, WB_SYNC_ALL waits for it.                              *)
(*  - The server's file is the persistent store; FUSE_SYNCFS itself,       *)
(*    fsync, FUSE_NOWRITE, truncate, reclaim's fuse_writepage, errors and  *)
(*    the sync_fs(sb, 0) pass are not modelled.                            *)
(*  - "upstream" at 619: the configs combine file.c as read at v6.16 with  *)
(*    f9a49aa302a0.  Writeback moved onto iomap between the two releases;  *)
(*    that file.c was not read, and the model assumes it kept PG_writeback *)
(*    until the reply and fuse_page_mkwrite's folio_wait_writeback.        *)
(*  - Bounded: App does Stores stores, Wr does Writes write(2) calls, each *)
(*    Gup task one read, sync runs once; the flusher runs any number of    *)
(*    times.                                                               *)
(*                                                                         *)
(* Fairness the kernel gives: weak fairness for each runnable task; none   *)
(* for the server, which may never reply (the reason for temp pages).      *)
(* Every property here is a safety property, so Spec has no fairness.      *)
(***************************************************************************)
EXTENDS Naturals, Sequences, Bags, TLC

CONSTANTS
    Variant,   \* "temp-pages" | "temp-pages-no-chain" | "rfc-no-temp" | "upstream"
    Transport, \* "virtiofs" | "dev-fuse" (a /dev/fuse server, fuse_fill_super)
    Kernel,    \* release as major * 100 + minor: 511, 515, 607, 616, 619
    Stores,    \* number of stores App performs through the mmap
    Writes,    \* number of write(2) calls
    Reads,     \* number of direct-read tasks, one read each
    Mutations  \* fixes broken on purpose ({} for every real variant); the
               \* mutant-*.cfg show that each "holds" can fail (README.md)

TempPages == Variant \in {"temp-pages", "temp-pages-no-chain"}

ASSUME Variant \in {"temp-pages", "temp-pages-no-chain", "rfc-no-temp", "upstream"}
ASSUME Transport \in {"virtiofs", "dev-fuse"}
ASSUME Kernel \in {511, 515, 607, 616, 619}
\* temp pages until v6.15; the RFC is against about v6.7 and virtiofs only
ASSUME TempPages => Kernel < 616
ASSUME Variant = "rfc-no-temp" => Kernel = 607 /\ Transport = "virtiofs"
ASSUME Variant = "upstream" => Kernel >= 616
ASSUME Stores \in Nat \ {0} /\ Writes \in Nat /\ Reads \in Nat \ {0}
ASSUME Mutations \subseteq
    {"read-completes-twice", "wb-ignores-writeback", "sync-skips-writeback", "sync-skips-dirty",
     "chain-keeps-old-page", "syncfs-no-wait", "wait-sb-inodes-no-wait",
     "mkwrite-no-wait", "temp-page-not-copied"}

Mutated(m) == m \in Mutations

\* fc->sync_fs (virtio_fs_get_tree only) and the buckets of 660585b56e63.
SyncFsWaitsForWrites == Transport = "virtiofs" /\ Kernel >= 515
\* f9a49aa302a0: wait_sb_inodes skips AS_NO_DATA_INTEGRITY mappings.
WaitSbInodesSkipsFuse == Kernel >= 619

App == "app"
Wr == "write"
Gups == {"gup" \o ToString(i) : i \in 1..Reads}
Flusher == "flusher"
Sync == "sync"
Servers == {"server1", "server2"}
Actors == {App, Wr, Flusher, Sync} \cup Gups \cup Servers
Writers == {Flusher, Sync}

\* Highest page version: every store, write(2) and read adds one.
MaxVer == Stores + Writes + Reads

\* A WRITE request: the page version at fill time (what a temp-page copy
\* holds), whether it references the page-cache page instead, its state, its
\* sync bucket (0 = the bucket current before sync's swap, 1 = the new one;
\* without fc->sync_fs the bucket is never swapped and bkt means nothing),
\* and the data the server copied out (set when it reads the request).
\*   "filled"  - built by fuse_writepages_fill, not yet sent
\*   "queued"  - secondary request waiting on wpa->next (not in the tree)
\*   "sent"    - queued to the server (fuse_flush_writepages)
\*   "reading" - the server is copying it out
Req == [ver : 0..MaxVer, ref : BOOLEAN,
        st : {"filled", "queued", "sent", "reading"}, bkt : {0, 1}, data : 0..MaxVer]
NoReq == [ver |-> 0, ref |-> FALSE, st |-> "none", bkt |-> 0, data |-> 0]

StorePc(k) == "store" \o ToString(k)
MkwritePc(k) == "mkwrite" \o ToString(k)
WritePc(k) == "write" \o ToString(k)
\* <<pc where an actor needs a writable PTE, pc while it is in the fault>>
Touch == {<<StorePc(k), MkwritePc(k)>> : k \in 1..Stores} \cup {<<"gup", "gup_mkwrite">>}

VARIABLES
    pc,        \* program counter of every actor
    ver,       \* page content (version)
    dirty,     \* PG_dirty
    writable,  \* the mmap's PTE is writable
    pgwb,      \* PG_writeback
    reqs,      \* WRITE requests for the page that have not completed: a bag,
               \* because two requests may carry the same data and state
    wbReq,     \* request a writer filled and will send (NoReq if none)
    srvFile,   \* the server's version of the page (what its file holds)
    srvReq,    \* request a server thread serves, with the data it copied out
    syncVer,   \* ghost: page content when sync started
    bucket     \* fc->curr_bucket: 0 before sync's swap, 1 after

page == <<ver, dirty, writable, pgwb>>
requests == <<reqs, wbReq>>
server == <<srvFile, srvReq>>
syncState == <<syncVer, bucket>>
vars == <<pc, page, requests, server, syncState>>

TypeOK ==
    /\ pc \in [Actors -> STRING]
    /\ ver \in 0..MaxVer
    /\ dirty \in BOOLEAN
    /\ writable \in BOOLEAN
    /\ pgwb \in BOOLEAN
    /\ IsABag(reqs) /\ BagToSet(reqs) \subseteq Req
    /\ wbReq \in [Writers -> Req \cup {NoReq}]
    /\ srvFile \in 0..MaxVer
    /\ srvReq \in [Servers -> Req \cup {NoReq}]
    /\ syncVer \in 0..MaxVer
    /\ bucket \in {0, 1}

Init ==
    /\ pc = [a \in Actors |->
               CASE a = App      -> StorePc(1)
                 [] a = Wr       -> IF Writes = 0 THEN "done" ELSE WritePc(1)
                 [] a \in Gups    -> "gup"
                 [] a \in Writers -> "idle"
                 [] a \in Servers -> "idle"]
    /\ ver = 0
    /\ dirty = FALSE
    /\ writable = FALSE
    /\ pgwb = FALSE
    /\ reqs = EmptyBag
    /\ wbReq = [w \in Writers |-> NoReq]
    /\ srvFile = 0
    /\ srvReq = [s \in Servers |-> NoReq]
    /\ syncVer = 0
    /\ bucket = 0

\* fuse_find_writeback: a temp-page request for the page is in
\* fi->writepages.  A secondary is not in the tree, but it only exists behind
\* a primary.  Requests without a temp page are never in the tree.
InTree == TempPages /\ \E r \in BagToSet(reqs) : r.st # "queued"

\* A WRITE that sends the page-cache page itself is in flight: queued to the
\* server (a virtiofs device may read the page at any moment from then on)
\* and not yet replied to.
RefInFlight == \E r \in BagToSet(reqs) : r.ref /\ r.st \in {"sent", "reading"}

Add(B, r) == B (+) SetToBag({r})
Remove(B, r) == B (-) SetToBag({r})
Replace(B, old, new) == Add(Remove(B, old), new)

\* What fuse_page_mkwrite waits for before it lets the page be written
\* (mutant: it does not wait).
MkwriteMayProceed ==
    \/ Mutated("mkwrite-no-wait")
    \/ CASE TempPages               -> ~InTree   \* fuse_wait_on_page_writeback
         [] Variant = "rfc-no-temp" -> TRUE      \* folio_wait_stable: no stable writes
         [] Variant = "upstream"    -> ~pgwb     \* folio_wait_writeback

-----------------------------------------------------------------------------
(* App and the direct readers: the page fault path *)

\* A write through a write-protected PTE faults (handle_mm_fault -> do_wp_page).
HandleMmFault(a) ==
    \E t \in Touch :
        /\ pc[a] = t[1]
        /\ ~writable
        /\ pc' = [pc EXCEPT ![a] = t[2]]
        /\ UNCHANGED <<page, requests, server, syncState>>

\* fuse_page_mkwrite under the folio lock, then fault_dirty_shared_page
\* dirties the page and the PTE becomes writable; the access is retried.
FusePageMkwrite(a) ==
    \E t \in Touch :
        /\ pc[a] = t[2]
        /\ MkwriteMayProceed
        /\ writable' = TRUE
        /\ dirty' = TRUE
        /\ pc' = [pc EXCEPT ![a] = t[1]]
        /\ UNCHANGED <<ver, pgwb, requests, server, syncState>>

\* The k-th store hits a writable PTE: no fault, the page changes.
MmapStoreK(k) ==
    /\ pc[App] = StorePc(k)
    /\ writable
    /\ ver' = ver + 1
    /\ pc' = [pc EXCEPT ![App] = IF k = Stores THEN "done" ELSE StorePc(k + 1)]
    /\ UNCHANGED <<dirty, writable, pgwb, requests, server, syncState>>

MmapStore == \E k \in 1..Stores : MmapStoreK(k)

\* get_user_pages(FOLL_WRITE) finds a writable PTE and pins the page.
GetUserPages(g) ==
    /\ pc[g] = "gup"
    /\ writable
    /\ pc' = [pc EXCEPT ![g] = "read"]
    /\ UNCHANGED <<page, requests, server, syncState>>

\* The read's data lands in the pinned page through the kernel mapping and
\* fuse_release_user_pages re-dirties it (set_page_dirty_lock): the page
\* changes without fuse_page_mkwrite, whatever writeback is doing.
FuseReleaseUserPages(g) ==
    /\ pc[g] = "read"
    /\ ver' = ver + 1
    /\ dirty' = TRUE
    \* mutant: the completion runs again for the same pin (TypeOK's bound)
    /\ pc' = [pc EXCEPT ![g] = IF Mutated("read-completes-twice") THEN "read" ELSE "done"]
    /\ UNCHANGED <<writable, pgwb, requests, server, syncState>>

-----------------------------------------------------------------------------
(* write(2) through the page cache *)

\* The k-th write(2): fuse_write_begin locks the folio and, with temp pages
\* (and in the RFC, where the tree holds no request), waits until no request
\* for the page is in fi->writepages; at v6.16 it does not wait.  The user
\* data is copied into the folio and fuse_write_end dirties it.
GenericPerformWrite(k) ==
    /\ pc[Wr] = WritePc(k)
    /\ ~InTree
    /\ ver' = ver + 1
    /\ dirty' = TRUE
    /\ pc' = [pc EXCEPT ![Wr] = IF k = Writes THEN "done" ELSE WritePc(k + 1)]
    /\ UNCHANGED <<writable, pgwb, requests, server, syncState>>

WriteIter == \E k \in 1..Writes : GenericPerformWrite(k)

-----------------------------------------------------------------------------
(* Writeback: the flusher (WB_SYNC_NONE) and sync (WB_SYNC_ALL) *)

FillPc(w) == IF w = Flusher THEN "idle" ELSE "sync_inodes"
SendPc(w) == IF w = Flusher THEN "send" ELSE "sync_send"
DonePc(w) == IF w = Flusher THEN "idle" ELSE "wait_sb_inodes"

\* I_SYNC: writer w is inside fuse_writepages for the inode.
ISyncHeld(w) == pc[w] = SendPc(w)
ISyncFree(w) == \A o \in Writers \ {w} : ~ISyncHeld(o)

\* No other writer holds I_SYNC, and write_cache_pages found the page dirty
\* and not under writeback (WB_SYNC_NONE skips a PG_writeback page,
\* WB_SYNC_ALL waits for it: either way this step is not taken while pgwb),
\* locked it, and folio_clear_dirty_for_io write-protected the PTE; then
\* fuse_writepages_fill.
FuseWritepagesFill(w) ==
    /\ pc[w] = FillPc(w)
    /\ ISyncFree(w)
    /\ dirty
    \* mutant: neither skip nor wait for a page under writeback
    /\ ~pgwb \/ Mutated("wb-ignores-writeback")
    /\ dirty' = FALSE
    /\ writable' = FALSE
    \* mutant: the temp-page design sends the page instead of its copy
    /\ LET new == [ver |-> ver, ref |-> ~TempPages \/ Mutated("temp-page-not-copied"),
                   st |-> "filled", bkt |-> bucket, data |-> ver]
       IN IF Variant = "temp-pages" /\ InTree
          THEN \* fuse_writepage_add: the page is in flight, chain a secondary.
               \* A secondary already chained gets the new temp page instead
               \* (8b284dc47291; at most two requests per page); either way
               \* this writer has nothing to send and ends writeback at once
               \* (mutant: the chained secondary keeps its old copy).
               /\ reqs' = IF \E q \in BagToSet(reqs) : q.st = "queued"
                          THEN LET q == CHOOSE q \in BagToSet(reqs) : q.st = "queued"
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
    /\ UNCHANGED <<ver, server, syncState>>

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
    /\ UNCHANGED <<ver, dirty, writable, server, syncState>>

-----------------------------------------------------------------------------
(* Sync: sync_filesystem once *)

\* sync(2) starts; the ghost remembers what it must make persistent.
SyncFilesystem ==
    /\ pc[Sync] = "idle"
    /\ syncVer' = ver
    /\ pc' = [pc EXCEPT ![Sync] = "sync_inodes"]
    /\ UNCHANGED <<page, requests, server, bucket>>

\* sync_inodes_sb's WB_SYNC_ALL writeback finds the page clean: nothing to
\* write back.
SyncInodesSbClean ==
    /\ pc[Sync] = "sync_inodes"
    /\ ISyncFree(Sync)
    \* mutants: WB_SYNC_ALL skips a page under writeback instead of waiting
    \* for it, or skips the dirty page altogether
    /\ \/ ~dirty
       \/ pgwb /\ Mutated("sync-skips-writeback")
       \/ Mutated("sync-skips-dirty")
    /\ pc' = [pc EXCEPT ![Sync] = "wait_sb_inodes"]
    /\ UNCHANGED <<page, requests, server, syncState>>

\* wait_sb_inodes: wait until the page is no longer under writeback; from
\* v6.19 a FUSE writeback-cache mapping is skipped (mutant: no wait).
WaitSbInodes ==
    /\ pc[Sync] = "wait_sb_inodes"
    /\ ~pgwb \/ WaitSbInodesSkipsFuse \/ Mutated("wait-sb-inodes-no-wait")
    /\ pc' = [pc EXCEPT ![Sync] = "sync_fs"]
    /\ UNCHANGED <<page, requests, server, syncState>>

\* fuse_sync_fs: without fc->sync_fs (or before v5.15) it returns at once;
\* otherwise fuse_sync_fs_writes installs a new bucket and requests already
\* counted stay in the old one.
FuseSyncFs ==
    /\ pc[Sync] = "sync_fs"
    /\ IF SyncFsWaitsForWrites
       THEN /\ bucket' = 1
            /\ pc' = [pc EXCEPT ![Sync] = "sync_wait"]
       ELSE /\ UNCHANGED bucket
            /\ pc' = [pc EXCEPT ![Sync] = "done"]
    /\ UNCHANGED <<page, requests, server, syncVer>>

\* wait_event(old->waitq, count == 0): every request of the old bucket has
\* completed (fuse_writepage_free -> fuse_sync_bucket_dec); sync returns.
FuseSyncFsWait ==
    /\ pc[Sync] = "sync_wait"
    /\ (\A r \in BagToSet(reqs) : r.bkt # 0) \/ Mutated("syncfs-no-wait")  \* mutant: no wait
    /\ pc' = [pc EXCEPT ![Sync] = "done"]
    /\ UNCHANGED <<page, requests, server, syncState>>

-----------------------------------------------------------------------------
(* Server threads *)

\* Server thread s takes any sent WRITE and copies its data out: the
\* temp-page snapshot, or whatever the page-cache page holds right now.
FuseDevDoRead(s) ==
    /\ pc[s] = "idle"
    /\ \E r \in BagToSet(reqs) :
          LET rd == [r EXCEPT !.st = "reading", !.data = IF r.ref THEN ver ELSE r.ver]
          IN /\ r.st = "sent"
             /\ reqs' = Replace(reqs, r, rd)
             /\ srvReq' = [srvReq EXCEPT ![s] = rd]
    /\ pc' = [pc EXCEPT ![s] = "reply"]
    /\ UNCHANGED <<page, wbReq, srvFile, syncState>>

\* The thread writes the data to the server's file and replies;
\* fuse_writepage_end: erase from the tree and send the chained secondary
\* (temp pages), or fuse_writepage_finish -> end_page_writeback (no temp page).
FuseWritepageEnd(s) ==
    /\ pc[s] = "reply"
    /\ LET rest == Remove(reqs, srvReq[s])
       IN reqs' = IF \E q \in BagToSet(rest) : q.st = "queued"
                  THEN LET q == CHOOSE q \in BagToSet(rest) : q.st = "queued"
                       IN Replace(rest, q, [q EXCEPT !.st = "sent"])
                  ELSE rest
    /\ srvFile' = srvReq[s].data
    /\ srvReq' = [srvReq EXCEPT ![s] = NoReq]
    /\ pgwb' = IF TempPages THEN pgwb ELSE FALSE
    /\ pc' = [pc EXCEPT ![s] = "idle"]
    /\ UNCHANGED <<ver, dirty, writable, wbReq, syncState>>

-----------------------------------------------------------------------------
Next ==
    \/ \E a \in {App} \cup Gups : HandleMmFault(a) \/ FusePageMkwrite(a)
    \/ MmapStore
    \/ WriteIter
    \/ \E g \in Gups : GetUserPages(g) \/ FuseReleaseUserPages(g)
    \/ \E w \in Writers : FuseWritepagesFill(w) \/ FuseWritepagesSend(w)
    \/ SyncFilesystem
    \/ SyncInodesSbClean
    \/ WaitSbInodes
    \/ FuseSyncFs
    \/ FuseSyncFsWait
    \/ \E s \in Servers : FuseDevDoRead(s) \/ FuseWritepageEnd(s)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties *)

\* No torn write, for every writer: nothing changes the page while a WRITE
\* that sends that very page (not a copy) is in flight -- mmap stores,
\* write(2) copies and direct-read completions alike.
NoTornWrite == [][ver' # ver => ~RefInFlight]_vars

\* Stable pages for mmap writers only: a store that went through
\* fuse_page_mkwrite never changes the page while such a WRITE is in flight.
NoTornMmapWrite == [][MmapStore => ~RefInFlight]_vars

\* The server's version of the page never goes backwards.
NoStaleOverwrite == [][srvFile' >= srvFile]_srvFile

\* When sync returns, the server has at least what the page held when sync
\* started.
SyncPersists == pc[Sync] = "done" => srvFile >= syncVer
=============================================================================

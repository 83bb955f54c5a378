---------------------------- MODULE Counter ----------------------------
(***************************************************************************)
(* Two processes each add one to a shared counter the way compiled code   *)
(* does: load the counter into a register, then store register + 1.      *)
(* With UseLock each process holds a lock from its load to its store;     *)
(* without it both can load the same value and one increment is lost.     *)
(* A consumer project's example spec for lockstep-maven-plugin.           *)
(***************************************************************************)
EXTENDS Naturals

CONSTANT UseLock   \* TRUE: the load and the store happen under one lock

Procs == {"p1", "p2"}
NoOne == "none"

VARIABLES counter,  \* the shared counter
          reg,      \* each process's register
          pc,       \* each process's next step: "load", "store" or "done"
          holder    \* the process holding the lock, or NoOne

vars == <<counter, reg, pc, holder>>

TypeOK == /\ counter \in 0..2
          /\ reg \in [Procs -> 0..2]
          /\ pc \in [Procs -> {"load", "store", "done"}]
          /\ holder \in Procs \cup {NoOne}

Init == /\ counter = 0
        /\ reg = [p \in Procs |-> 0]
        /\ pc = [p \in Procs |-> "load"]
        /\ holder = NoOne

\* Load the counter, taking the lock first when there is one.
Load(p) == /\ pc[p] = "load"
           /\ UseLock => holder = NoOne
           /\ holder' = IF UseLock THEN p ELSE holder
           /\ reg' = [reg EXCEPT ![p] = counter]
           /\ pc' = [pc EXCEPT ![p] = "store"]
           /\ UNCHANGED counter

\* Store register + 1 and release the lock.
Store(p) == /\ pc[p] = "store"
            /\ counter' = reg[p] + 1
            /\ holder' = IF UseLock THEN NoOne ELSE holder
            /\ pc' = [pc EXCEPT ![p] = "done"]
            /\ UNCHANGED reg

Next == \E p \in Procs : Load(p) \/ Store(p)

Spec == Init /\ [][Next]_vars

AllDone == \A p \in Procs : pc[p] = "done"

\* Once both processes are done, both increments are in the counter.
NoLostUpdate == AllDone => counter = 2
=============================================================================

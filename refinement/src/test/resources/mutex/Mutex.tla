---- MODULE Mutex ----
\* Two processes take a lock in turn; the toy spec the refinement checker's own tests refine.
EXTENDS Naturals, FiniteSets
CONSTANTS Procs
VARIABLES pc, lock, log

vars == <<pc, lock, log>>

Init == /\ pc = [p \in Procs |-> "idle"]
        /\ lock = {}
        /\ log = [n |-> 0, who |-> "nobody"]

\* log records who took the lock last and how many held it right after.
Acquire(p) == /\ pc[p] = "idle"
              /\ lock = {}
              /\ lock' = {p}
              /\ pc' = [pc EXCEPT ![p] = "cs"]
              /\ log' = [n |-> Cardinality(lock'), who |-> p]

Release(p) == /\ pc[p] = "cs"
              /\ lock' = {}
              /\ pc' = [pc EXCEPT ![p] = "idle"]
              /\ UNCHANGED log

Next == \E p \in Procs : Acquire(p) \/ Release(p)

Spec == Init /\ [][Next]_vars
====

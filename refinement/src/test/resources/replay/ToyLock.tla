---- MODULE ToyLock ----
\* The replay engine's toy: two processes take a lock once each and copy something while holding it.
\* Variant "racy" tests and sets the lock in two steps (Check, Set), and its release is a relaxed store
\* that may become visible before the copy is done (ReleaseEarly). Variant "fixed" acquires atomically
\* and releases only after the copy.
EXTENDS Naturals
CONSTANTS Procs, Variant
VARIABLES pc, locked

vars == <<pc, locked>>
Racy == Variant = "racy"

Init == /\ pc = [p \in Procs |-> "idle"]
        /\ locked = FALSE

Check(p) == /\ Racy /\ pc[p] = "idle" /\ ~locked
            /\ pc' = [pc EXCEPT ![p] = "set"]
            /\ UNCHANGED locked

Set(p) == /\ pc[p] = "set"
          /\ locked' = TRUE
          /\ pc' = [pc EXCEPT ![p] = "cs"]

Acquire(p) == /\ ~Racy /\ pc[p] = "idle" /\ ~locked
              /\ locked' = TRUE
              /\ pc' = [pc EXCEPT ![p] = "cs"]

Copy(p) == /\ pc[p] \in {"cs", "released_early"}
           /\ pc' = [pc EXCEPT ![p] = IF pc[p] = "cs" THEN "copied" ELSE "done"]
           /\ UNCHANGED locked

Release(p) == /\ pc[p] = "copied"
              /\ locked' = FALSE
              /\ pc' = [pc EXCEPT ![p] = "done"]

ReleaseEarly(p) == /\ Racy /\ pc[p] = "cs"
                   /\ locked' = FALSE
                   /\ pc' = [pc EXCEPT ![p] = "released_early"]

Next == \E p \in Procs : Check(p) \/ Set(p) \/ Acquire(p) \/ Copy(p) \/ Release(p) \/ ReleaseEarly(p)

Spec == Init /\ [][Next]_vars

Using(p) == pc[p] \in {"cs", "released_early"}
Exclusive == \A p, q \in Procs : p # q => ~(Using(p) /\ Using(q))
====

---- MODULE Stuck ----
EXTENDS Naturals
VARIABLES pc, held
Init == pc = [p \in {1, 2} |-> "idle"] /\ held = {}
Lock(p) == pc[p] = "idle" /\ held = {} /\ held' = {p} /\ pc' = [pc EXCEPT ![p] = "locked"]
Relock(p) == pc[p] = "locked" /\ pc' = [pc EXCEPT ![p] = "again"] /\ held' = held
Next == \E p \in {1, 2} : Lock(p) \/ Relock(p)
Spec == Init /\ [][Next]_<<pc, held>>
====

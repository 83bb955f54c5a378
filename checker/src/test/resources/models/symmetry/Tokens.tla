---- MODULE Tokens ----
EXTENDS Naturals, FiniteSets, TLC
CONSTANTS Proc
VARIABLES owner, count
Init == owner = [p \in Proc |-> 0] /\ count = 0
Take(p) == count < 3 /\ owner' = [owner EXCEPT ![p] = @ + 1] /\ count' = count + 1
Next == \E p \in Proc : Take(p)
Spec == Init /\ [][Next]_<<owner, count>>
Sym == Permutations(Proc)
NotAllTaken == count < 3 \/ \A p \in Proc : owner[p] < 2
====

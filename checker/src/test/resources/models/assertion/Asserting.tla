---- MODULE Asserting ----
EXTENDS Naturals, TLC
VARIABLE n
Init == n = 0
Next == n' = n + 1 /\ Assert(n < 3, "n overflowed")
Spec == Init /\ [][Next]_n
====

---- MODULE Toggle ----
EXTENDS Naturals
VARIABLES a, b
Init == a \in 0..4 /\ b \in 0..4
Next == \/ a' = (a + 1) % 5 /\ b' = b
        \/ b' = (b + a) % 5 /\ a' = a
Spec == Init /\ [][Next]_<<a, b>>
Bounded == a < 5 /\ b < 5
====

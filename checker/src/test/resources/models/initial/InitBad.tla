---- MODULE InitBad ----
EXTENDS Naturals
VARIABLES x, y
Init == x \in 0..3 /\ y = x * 2
Next == x' = (x + 1) % 4 /\ y' = y
Spec == Init /\ [][Next]_<<x, y>>
YSmall == y < 6
====

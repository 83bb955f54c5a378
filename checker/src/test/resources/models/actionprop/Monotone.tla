---- MODULE Monotone ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3
Spec == Init /\ [][Next]_x
NeverDecreases == [][x' >= x]_x
====

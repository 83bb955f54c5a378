---- MODULE Lonely ----
EXTENDS Naturals, NoSuchModule
VARIABLE x
Init == x = 0
Next == x' = 1 - x
Spec == Init /\ [][Next]_x
====

---- MODULE Hog ----
\* Builds one huge value: with a small TLC heap (--tlc-heap 24m) TLC runs out of memory at once.
EXTENDS Naturals
VARIABLE x
Init == x = [i \in 1..4000000 |-> i]
Next == UNCHANGED x
Spec == Init /\ [][Next]_x
====

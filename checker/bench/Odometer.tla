---- MODULE Odometer ----
\* Benchmark model: four wheels of N positions each, N^4 distinct states.
EXTENDS Naturals
CONSTANT N
VARIABLES w1, w2, w3, w4
vars == <<w1, w2, w3, w4>>
Init == w1 = 0 /\ w2 = 0 /\ w3 = 0 /\ w4 = 0
Turn1 == w1' = (w1 + 1) % N /\ UNCHANGED <<w2, w3, w4>>
Turn2 == w2' = (w2 + 1) % N /\ UNCHANGED <<w1, w3, w4>>
Turn3 == w3' = (w3 + 1) % N /\ UNCHANGED <<w1, w2, w4>>
Turn4 == w4' = (w4 + 1) % N /\ UNCHANGED <<w1, w2, w3>>
Next == Turn1 \/ Turn2 \/ Turn3 \/ Turn4
Spec == Init /\ [][Next]_vars
InRange == w1 < N /\ w2 < N /\ w3 < N /\ w4 < N
====

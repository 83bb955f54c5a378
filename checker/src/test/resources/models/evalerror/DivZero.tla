---- MODULE DivZero ----
EXTENDS Integers
VARIABLE k
Init == k = 2
Next == k' = k - 1 + 0 * (10 \div k)
Spec == Init /\ [][Next]_k
====

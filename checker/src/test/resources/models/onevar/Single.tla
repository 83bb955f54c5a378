---- MODULE Single ----
EXTENDS Naturals, FiniteSets
VARIABLE s
Init == s = {}
Next == \E e \in 1..3 : e \notin s /\ s' = s \cup {e}
Spec == Init /\ [][Next]_s
Small == Cardinality(s) < 3
====

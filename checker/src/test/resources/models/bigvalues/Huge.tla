---- MODULE Huge ----
EXTENDS Integers, Sequences, TLC
VARIABLES big, wide, nested
Init == /\ big = 2^30 + (2^30 - 1)
        /\ wide = [i \in 1..30 |-> "element number " \o ToString(i)]
        /\ nested = [a |-> {<<1, "x\"y">>, <<2, "tab\there">>}, b |-> (1 :> {} @@ 5 :> {{}}), c |-> -7]
Next == /\ big' = -big
        /\ wide' = wide
        /\ nested' = [nested EXCEPT !.c = @ - 1]
Spec == Init /\ [][Next]_<<big, wide, nested>>
NeverNegative == big > 0
====

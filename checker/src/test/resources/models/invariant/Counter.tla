---- MODULE Counter ----
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\ y = "a"
Incr == x < 5 /\ x' = x + 1 /\ y' = y
Flip == y' = (IF y = "a" THEN "b" ELSE "a") /\ x' = x
Next == Incr \/ Flip
Spec == Init /\ [][Next]_<<x, y>>
Small == x < 3
====

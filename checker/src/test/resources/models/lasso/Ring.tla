---- MODULE Ring ----
EXTENDS Naturals, Sequences
VARIABLES x, seen
Init == x = 0 /\ seen = <<>>
Step == x' = (x + 1) % 3 /\ seen' = IF Len(seen) < 2 THEN Append(seen, x) ELSE seen
Spec == Init /\ [][Step]_<<x, seen>> /\ WF_<<x, seen>>(Step)
ReachesFive == <>(x = 5)
====

---- MODULE One ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Inc == x' = x + 1
Next == Inc
Inv == x < 3
====

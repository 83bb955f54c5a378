---- MODULE InitBad ----
EXTENDS Integers
CONSTANTS cpu0, cpu1
VARIABLES owner, count, log
Init == /\ owner = [c \in {cpu0, cpu1} |-> "none"]
        /\ count = -1
        /\ log = <<[cpu |-> cpu0, msg |-> "fuse_iomap_end: \"bad\"\n"]>>
Next == UNCHANGED <<owner, count, log>>
Inv == count >= 0
====

---- MODULE Roles ----
EXTENDS Naturals
CONSTANTS Reader, Writer, None
VARIABLES holder, log
Init == holder = None /\ log = <<>>
Acquire(r) == holder = None /\ holder' = r /\ log' = log
Release == holder # None /\ holder' = None /\ log' = log
Next == \E r \in {Reader, Writer} : Acquire(r) \/ Release
Spec == Init /\ [][Next]_<<holder, log>>
NoWriter == holder # Writer
====

---- MODULE Counter ----
\* Exercises every kind of value the oracle converts: integers, strings, model values, sets, records, tuples,
\* sequences and functions on model values and on an integer interval not starting at 1.
EXTENDS Naturals, Sequences
CONSTANTS Workers, Max, None
VARIABLES count, seen, owner, history, mode, flags

vars == <<count, seen, owner, history, mode, flags>>

Init == /\ count = 0
        /\ seen = {}
        /\ owner = [w \in Workers |-> [holds |-> None, times |-> 0]]
        /\ history = <<>>
        /\ mode = "open"
        /\ flags = [i \in 0..Max |-> FALSE]

Bump(w) == /\ mode = "open"
           /\ count < Max
           /\ count' = count + 1
           /\ seen' = seen \cup {w}
           /\ owner' = [owner EXCEPT ![w] = [holds |-> count', times |-> @.times + 1]]
           /\ history' = Append(history, <<w, count'>>)
           /\ flags' = [flags EXCEPT ![count'] = TRUE]
           /\ UNCHANGED mode

Close == /\ mode = "open"
         /\ count > 0
         /\ mode' = "closed"
         /\ UNCHANGED <<count, seen, owner, history, flags>>

Reopen == /\ mode = "closed"
          /\ mode' = "open"
          /\ count' = 0
          /\ UNCHANGED <<seen, owner, history, flags>>

Next == (\E w \in Workers : Bump(w)) \/ Close \/ Reopen

Spec == Init /\ [][Next]_vars

\* Reopen lets history grow without bound; the constraint keeps the model finite.
HistoryBound == Len(history) <= 3
====

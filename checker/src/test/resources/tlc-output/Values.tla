---- MODULE Values ----
EXTENDS Integers, Sequences, TLC
CONSTANTS p1, p2, p3
VARIABLES step, big, nested, strs, keyrec, fns, empties, negs, recs, mvs, ivs, ops, wide, wrapped

Init ==
  /\ step = 0
  /\ big = <<2147483647, -2147483647 - 1, 0>>
  /\ nested = << <<1, {2, 3}>>, << << >>, << << >> >> >>, {{}, {{}}} >>
  /\ strs = <<"plain", "q\"uote", "back\\slash", "tab\tnl\ncr\rff\f", "", "{<<[|->]>>} :> @@ /\\ x = 1">>
  /\ keyrec = [k \in {"TRUE", "FALSE", "CHOOSE", "IF", "a", "x1", "1a", "_b"} |-> k]
  /\ fns = << [x \in {1, 3} |-> -x], [s \in {{1}, {2}} |-> s], [m \in {p1, p2} |-> m],
              (2 :> "a" @@ 5 :> "b"), (1 :> "only"), [t \in {<<1, 2>>, <<3>>} |-> t[1]], [k \in {"a b", "", "ok"} |-> 0], [b \in BOOLEAN |-> ~b] >>
  /\ empties = << << >>, [x \in {} |-> 1], {}, <<{}>>, [r \in {} |-> [a |-> 1]] >>
  /\ negs = {-1, -20, -300}
  /\ recs = {[a |-> 1, b |-> "x"], [a |-> 2, b |-> "y"], [a |-> -3, b |-> ""]}
  /\ mvs = {p1, p2, p3}
  /\ ivs = << 1..3, -3..-1, 5..4, 0..0 >>
  /\ ops = << SUBSET {1, 2}, [{1, 2} -> {p1}], {1, 2} \X {"u"}, Seq({1}) \cap {<<1>>, <<1, 1>>}, BOOLEAN >>
  /\ wrapped = << SUBSET (1..4), [{1, 2} -> {"a", "b"}],
                  {[lock |-> l, owner |-> o, waiters |-> <<>>] : l \in {"i_rwsem", "mmap_lock"}, o \in {p1, p2, p3}} >>
  /\ wide = [i \in 1..12 |-> [id |-> i, holders |-> {p1, p2}, name |-> "cpu", seq |-> <<i, i + 1, {i}>>]]

Bump == /\ step' = step + 1
        /\ big' = <<big[1] - step, big[2] + step, step>>
        /\ UNCHANGED <<wrapped, nested, strs, keyrec, fns, empties, negs, recs, mvs, ivs, ops, wide>>

Next == Bump

Inv == step < 2
====

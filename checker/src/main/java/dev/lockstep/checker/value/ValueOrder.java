package dev.lockstep.checker.value;

import java.util.Iterator;
import java.util.Map;

/** The total order behind {@link TlaValue#compareTo}: kind first, then a kind-specific comparison. */
final class ValueOrder {
    private ValueOrder() {}

    static int compare(TlaValue a, TlaValue b) {
        int byKind = Integer.compare(rank(a), rank(b));
        if (byKind != 0) {
            return byKind;
        }
        if (a instanceof TlaBool x) {
            return Boolean.compare(x.value(), ((TlaBool) b).value());
        }
        if (a instanceof TlaInt x) {
            return x.value().compareTo(((TlaInt) b).value());
        }
        if (a instanceof TlaString x) {
            return x.value().compareTo(((TlaString) b).value());
        }
        if (a instanceof TlaModelValue x) {
            return x.name().compareTo(((TlaModelValue) b).name());
        }
        if (a instanceof TlaSet x) {
            return compareSets(x, (TlaSet) b);
        }
        return compareFunctions((TlaFunction) a, (TlaFunction) b);
    }

    private static int rank(TlaValue v) {
        if (v instanceof TlaBool) {
            return 0;
        } else if (v instanceof TlaInt) {
            return 1;
        } else if (v instanceof TlaString) {
            return 2;
        } else if (v instanceof TlaModelValue) {
            return 3;
        } else if (v instanceof TlaSet) {
            return 4;
        }
        return 5;
    }

    // Smaller sets first, then element-wise over the (already sorted) elements.
    private static int compareSets(TlaSet a, TlaSet b) {
        int bySize = Integer.compare(a.size(), b.size());
        if (bySize != 0) {
            return bySize;
        }
        Iterator<TlaValue> ia = a.elements().iterator();
        Iterator<TlaValue> ib = b.elements().iterator();
        while (ia.hasNext()) {
            int c = compare(ia.next(), ib.next());
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    // Smaller domains first, then pair-wise (key, then image) over the sorted domain.
    private static int compareFunctions(TlaFunction a, TlaFunction b) {
        int bySize = Integer.compare(a.size(), b.size());
        if (bySize != 0) {
            return bySize;
        }
        Iterator<Map.Entry<TlaValue, TlaValue>> ia = a.asMap().entrySet().iterator();
        Iterator<Map.Entry<TlaValue, TlaValue>> ib = b.asMap().entrySet().iterator();
        while (ia.hasNext()) {
            Map.Entry<TlaValue, TlaValue> ea = ia.next();
            Map.Entry<TlaValue, TlaValue> eb = ib.next();
            int c = compare(ea.getKey(), eb.getKey());
            if (c == 0) {
                c = compare(ea.getValue(), eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}

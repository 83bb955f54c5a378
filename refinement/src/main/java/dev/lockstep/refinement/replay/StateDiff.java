package dev.lockstep.refinement.replay;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Sets;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.refinement.SpecState;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Where two abstract states differ, down to the entry of a function ({@code pc["r1"]: expected "copy_dec_visible",
 * actual "iomap_end"}), one line per difference, variables in the order of the expected state.
 */
public final class StateDiff {
    private StateDiff() {}

    public static ImmutableList<String> lines(SpecState expected,
            SpecState actual) {
        ImmutableList.Builder<String> out = ImmutableList.builder();
        for (String var : Sets.union(expected.variables(), actual.variables())) {
            diff(var, expected.asMap().get(var), actual.asMap().get(var), out);
        }
        return out.build();
    }

    private static void diff(String path, TlaValue expected, TlaValue actual, ImmutableList.Builder<String> out) {
        if (Objects.equals(expected, actual)) {
            return;
        }
        if (expected instanceof TlaFunction e && actual instanceof TlaFunction a && e.domain().equals(a.domain())) {
            for (TlaValue k : new TreeSet<>(e.asMap().keySet())) {
                diff(path + "[" + k + "]", e.apply(k), a.apply(k), out);
            }
            return;
        }
        out.add(path + ": expected " + show(expected) + ", actual " + show(actual));
    }

    private static String show(TlaValue v) {
        return v == null ? "(absent)" : v.toString();
    }
}

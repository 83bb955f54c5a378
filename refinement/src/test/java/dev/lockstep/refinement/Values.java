package dev.lockstep.refinement;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaBool;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaModelValue;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Terse constructors for test values and the paths of the toy specs under src/test/resources. */
final class Values {
    private Values() {}

    static TlaValue str(String s) {
        return TlaString.of(s);
    }

    static TlaValue mv(String name) {
        return TlaModelValue.of(name);
    }

    static TlaValue num(long n) {
        return TlaInt.of(n);
    }

    static TlaValue bool(boolean b) {
        return TlaBool.of(b);
    }

    static TlaValue set(TlaValue... elems) {
        return TlaSet.of(elems);
    }

    static TlaValue tuple(TlaValue... elems) {
        return TlaFunction.tuple(elems);
    }

    /** {@code fn(k1, v1, k2, v2, ...)}. */
    static TlaValue fn(TlaValue... keysAndValues) {
        Map<TlaValue, TlaValue> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return TlaFunction.of(m);
    }

    /** {@code rec("a", v1, "b", v2, ...)}. */
    static TlaValue rec(Object... namesAndValues) {
        Map<String, TlaValue> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], (TlaValue) namesAndValues[i + 1]);
        }
        return TlaFunction.record(m);
    }

    /** {@code state("x", v1, "y", v2, ...)}. */
    static SpecState state(Object... namesAndValues) {
        ImmutableMap.Builder<String, TlaValue> b = ImmutableMap.builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.put((String) namesAndValues[i], (TlaValue) namesAndValues[i + 1]);
        }
        return SpecState.of(b.buildOrThrow());
    }

    /** {@code state} with {@code var} set to {@code value}. */
    static SpecState with(SpecState state, String var, TlaValue value) {
        return state.with(var, value);
    }

    static Path resource(String name) {
        try {
            return Path.of(Values.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static SpecOracle mutexOracle() {
        return SpecOracle.load(resource("mutex"), "Mutex", resource("mutex/two.cfg"));
    }

    static SpecOracle counterOracle() {
        return SpecOracle.load(resource("counter"), "Counter", resource("counter/bounded.cfg"));
    }

    /** A Mutex state: the pc of p1 and p2, the lock holders, and the log record. */
    static SpecState mutex(String pc1, String pc2, TlaValue lock, long n, TlaValue who) {
        return state("pc", fn(mv("p1"), str(pc1), mv("p2"), str(pc2)), "lock", lock, "log",
                rec("n", num(n), "who", who));
    }
}

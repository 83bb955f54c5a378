package dev.lockstep.refinement.replay;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaBool;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.runtime.Ordering;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.WaitsFor;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.SpecState;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The replay engine's toy implementation of src/test/resources/replay/ToyLock.tla on the deterministic runtime, and
 * traces of it. Each process yields once ({@code cond_resched}, a stutter), takes the lock, copies with a plain access
 * and unlocks. Racy: {@code load(locked)} then {@code store(locked, 1)}, and a relaxed unlock that may overtake the
 * copy. Fixed: {@code cmpxchg} and a release unlock.
 */
final class ToyLock implements ReplayTarget {
    static final List<String> PROCS = List.of("p1", "p2");

    private final boolean racy;

    ToyLock(boolean racy) {
        this.racy = racy;
    }

    static SpecOracle oracle(String variant) {
        try {
            Path dir = Path.of(ToyLock.class.getResource("/replay/ToyLock.tla").toURI()).getParent();
            return SpecOracle.load(dir, "ToyLock", dir.resolve(variant + ".cfg"));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Instance start(Scheduler s) {
        State st = new State();
        for (String p : PROCS) {
            s.spawn(p, () -> process(s, st, p));
        }
        return st;
    }

    private void process(Scheduler s, State st, String p) {
        s.perform("cond_resched", Ordering.RELAXED, () -> {});
        if (racy) {
            s.await("load(locked)", Ordering.RELAXED, () -> !st.locked, () -> WaitsFor.event("locked == 0"),
                    () -> st.pc.put(p, "set"));
            s.perform("store(locked, 1)", Ordering.RELAXED, () -> {
                st.locked = true;
                st.pc.put(p, "cs");
            });
        } else {
            s.await("cmpxchg(locked, 0, 1)", Ordering.ACQUIRE, () -> !st.locked, () -> WaitsFor.event("locked == 0"),
                    () -> {
                        st.locked = true;
                        return st.pc.put(p, "cs");
                    });
        }
        s.access("copy(" + p + ")", () -> st.pc.put(p, st.pc.get(p).equals("cs") ? "copied" : "done"));
        s.perform("store(locked, 0)", racy ? Ordering.RELAXED : Ordering.RELEASE, () -> {
            st.locked = false;
            st.pc.put(p, st.pc.get(p).equals("copied") ? "done" : "released_early");
        });
    }

    /** The toy's state; its own check of Exclusive. */
    private static final class State implements Instance {
        final Map<String, String> pc = new TreeMap<>();
        boolean locked;

        State() {
            PROCS.forEach(p -> pc.put(p, "idle"));
        }

        @Override
        public SpecState abstractState() {
            return state(ImmutableMap.copyOf(pc), locked);
        }

        @Override
        public ImmutableList<String> violations() {
            List<String> using = pc.entrySet().stream()
                    .filter(e -> e.getValue().equals("cs") || e.getValue().equals("released_early"))
                    .map(Map.Entry::getKey).toList();
            return using.size() > 1 ? ImmutableList.of("Exclusive: " + using + " both use the data")
                    : ImmutableList.of();
        }
    }

    /** The spec state {@code pc = [p1 |-> pc1, p2 |-> pc2], locked = locked}. */
    static SpecState state(Map<String, String> pc, boolean locked) {
        Map<TlaValue, TlaValue> f = new LinkedHashMap<>();
        pc.forEach((p, v) -> f.put(TlaString.of(p), TlaString.of(v)));
        return SpecState.of(ImmutableMap.of("pc", TlaFunction.of(f), "locked", TlaBool.of(locked)));
    }

    static SpecState state(String pc1, String pc2, boolean locked) {
        return state(ImmutableMap.of("p1", pc1, "p2", pc2), locked);
    }

    /** A finite trace from {@code (action, pc1, pc2, locked)} rows after the initial state. */
    static Trace trace(Object[]... rows) {
        ImmutableList.Builder<TraceState> states = ImmutableList.builder();
        states.add(TraceState.initial(state("idle", "idle", false).asMap()));
        for (Object[] r : rows) {
            states.add(new TraceState((String) r[0], Optional.empty(),
                    state((String) r[1], (String) r[2], (Boolean) r[3]).asMap()));
        }
        return Trace.finite(states.build());
    }

    /** Both processes pass the check before either sets the lock. */
    static Trace checkThenSetRace() {
        return trace(
                new Object[] {"Check", "set", "idle", false},
                new Object[] {"Check", "set", "set", false},
                new Object[] {"Set", "cs", "set", true},
                new Object[] {"Set", "cs", "cs", true});
    }

    /** p1's relaxed unlock overtakes its copy; p2 takes the lock while p1 still copies. */
    static Trace earlyReleaseRace() {
        return trace(
                new Object[] {"Check", "set", "idle", false},
                new Object[] {"Set", "cs", "idle", true},
                new Object[] {"ReleaseEarly", "released_early", "idle", false},
                new Object[] {"Check", "released_early", "set", false},
                new Object[] {"Set", "released_early", "cs", true});
    }
}

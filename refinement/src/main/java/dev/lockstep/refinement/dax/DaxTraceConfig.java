package dev.lockstep.refinement.dax;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.impl.dax.FileRange;
import dev.lockstep.refinement.replay.CounterexampleFormatException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Java model's configuration for replaying a DaxReclaim trace: the spec constants of the model that found it, the
 * window as the trace's initial state has it, and per task the file ranges the trace's accesses chose (the spec
 * chooses them when an access starts; the Java model needs them up front). A task the trace never starts still needs
 * its {@code Accesses} accesses to match the initial {@code accessesLeft}: it gets the trace's first access (or
 * range 0 of the first inode), which the replay never runs but a neighbouring interleaving may.
 */
public final class DaxTraceConfig {
    private DaxTraceConfig() {}

    /**
     * @throws CounterexampleFormatException naming the state whose values do not fit the spec's types
     */
    public static DaxConfig of(Trace trace, SpecConstants constants) {
        DaxVariant variant;
        try {
            variant = DaxVariant.of(constants.string("Variant"));
        } catch (IllegalArgumentException e) {
            throw constants.bad("Variant", e.getMessage());
        }
        ImmutableList<String> readers = constants.strings("Readers");
        ImmutableList<String> faulters = constants.strings("Faulters");
        ImmutableList<String> taskNames = ImmutableList.<String>builder().addAll(readers).addAll(faulters).build();
        ImmutableList<String> inodes = constants.strings("Inodes");
        int accesses = constants.natural("Accesses");
        ImmutableList<TraceState> states = trace.states();
        Map<String, List<FileRange>> plans = new LinkedHashMap<>();
        taskNames.forEach(t -> plans.put(t, new ArrayList<>()));
        Optional<FileRange> first = Optional.empty();
        for (int i = 1; i < states.size(); i++) {
            for (String t : taskNames) {
                if (str(states.get(i - 1), i - 1, "pc", t).equals("idle")
                        && !str(states.get(i), i, "pc", t).equals("idle")) {
                    FileRange r = new FileRange(str(states.get(i), i, "taskInode", t),
                            num(states.get(i), i, "taskRange", t));
                    plans.get(t).add(r);
                    first = first.or(() -> Optional.of(r));
                }
            }
        }
        FileRange placeholder = first.orElse(new FileRange(inodes.get(0), 0));
        plans.values().forEach(p -> {
            while (p.size() < accesses) {
                p.add(placeholder);
            }
        });
        ImmutableMap.Builder<String, FileRange> window = ImmutableMap.builder();
        for (String d : constants.strings("Dmaps")) {
            String inode = str(states.get(0), 0, "dmapInode", d);
            if (!inode.equals(DaxRefinementMapping.NONE)) {
                window.put(d, new FileRange(inode, num(states.get(0), 0, "dmapStart", d)));
            }
        }
        try {
            ImmutableSet<String> endless = constants.has("Endless") ? ImmutableSet.copyOf(constants.strings("Endless"))
                    : ImmutableSet.of();
            return new DaxConfig(variant, tasks(plans, readers), tasks(plans, faulters), constants.strings("Dmaps"),
                    inodes, constants.range("Ranges"), window.buildOrThrow(), endless, ImmutableSet.of());
        } catch (IllegalArgumentException e) {
            throw new CounterexampleFormatException("the trace does not fit the Java model: " + e.getMessage(), e);
        }
    }

    private static ImmutableMap<String, ImmutableList<FileRange>> tasks(Map<String, List<FileRange>> plans,
            List<String> names) {
        ImmutableMap.Builder<String, ImmutableList<FileRange>> out = ImmutableMap.builder();
        names.forEach(n -> out.put(n, ImmutableList.copyOf(plans.get(n))));
        return out.buildOrThrow();
    }

    private static TlaValue entry(TraceState s, int index, String var, String key) {
        if (s.vars().get(var) instanceof TlaFunction f && f.domain().contains(TlaString.of(key))) {
            return f.apply(TlaString.of(key));
        }
        throw new CounterexampleFormatException("state " + (index + 1) + ": " + var + " must be a function with "
                + TlaString.of(key) + " in its domain, found " + brief(s.vars().get(var)));
    }

    private static String str(TraceState s, int index, String var, String key) {
        if (entry(s, index, var, key) instanceof TlaString v) {
            return v.value();
        }
        throw new CounterexampleFormatException("state " + (index + 1) + ": " + var + "[" + TlaString.of(key)
                + "] must be a string, found " + brief(entry(s, index, var, key)));
    }

    private static int num(TraceState s, int index, String var, String key) {
        if (entry(s, index, var, key) instanceof TlaInt v && v.value().bitLength() < 31 && v.value().signum() >= 0) {
            return v.value().intValueExact();
        }
        throw new CounterexampleFormatException("state " + (index + 1) + ": " + var + "[" + TlaString.of(key)
                + "] must be a small natural, found " + brief(entry(s, index, var, key)));
    }

    /** A value from the file, cut short so a message stays one readable line. */
    private static String brief(TlaValue v) {
        String s = v == null ? "(absent)" : v.toString().replaceAll("\\s+", " ");
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}

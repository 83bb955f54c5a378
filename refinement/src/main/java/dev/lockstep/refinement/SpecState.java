package dev.lockstep.refinement;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.checker.value.HashMix;
import dev.lockstep.checker.value.TlaValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One state of a TLA+ spec: a value for each of its variables, in the spec's declaration order. Equal when every
 * variable has an equal value (TLA+ equality of {@link TlaValue}s).
 */
public final class SpecState {
    private final ImmutableMap<String, TlaValue> values;
    /** States are hashed on every step of an exploration (visited sets, transitions): computed once. */
    private final int hash;

    private SpecState(ImmutableMap<String, TlaValue> values) {
        this.values = values;
        int h = 0;
        for (Map.Entry<String, TlaValue> e : values.entrySet()) {
            h += HashMix.entry(e.getKey().hashCode(), e.getValue().hashCode());
        }
        this.hash = h;
    }

    /**
     * Equal states are one object: explorations compare and hash the same states many times per step (visited
     * sets, transitions, stutter checks), and identity makes every repeat comparison immediate.
     */
    private static final Interner<SpecState> CANONICAL = Interners.newWeakInterner();

    /** The state with these variable values (iteration order is kept). */
    public static SpecState of(Map<String, ? extends TlaValue> values) {
        return CANONICAL.intern(new SpecState(ImmutableMap.copyOf(values)));
    }

    /** The value of {@code variable}. @throws IllegalArgumentException if the state has no such variable */
    public TlaValue get(String variable) {
        TlaValue v = values.get(variable);
        if (v == null) {
            throw new IllegalArgumentException("no variable " + variable + " in " + values.keySet());
        }
        return v;
    }

    public boolean has(String variable) {
        return values.containsKey(variable);
    }

    /** The same state with {@code variable} set to {@code value}. */
    public SpecState with(String variable, TlaValue value) {
        Map<String, TlaValue> out = new LinkedHashMap<>(values);
        out.put(variable, Objects.requireNonNull(value, "value"));
        return of(out);
    }

    public ImmutableSet<String> variables() {
        return values.keySet();
    }

    public ImmutableMap<String, TlaValue> asMap() {
        return values;
    }

    public void forEach(BiConsumer<String, TlaValue> action) {
        values.forEach(action);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof SpecState other) || hash != other.hash || values.size() != other.values.size()) {
            return false;
        }
        // States of one spec list their variables in its declaration order: compare in step, without lookups.
        List<Map.Entry<String, TlaValue>> mine = values.entrySet().asList();
        List<Map.Entry<String, TlaValue>> theirs = other.values.entrySet().asList();
        for (int i = 0; i < mine.size(); i++) {
            if (!mine.get(i).getKey().equals(theirs.get(i).getKey())) {
                return values.equals(other.values);
            }
            if (!mine.get(i).getValue().equals(theirs.get(i).getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

package dev.lockstep.refinement.binding;

import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Spec values that refinement mappings build from the Java model's names. */
public final class MappedValues {
    private MappedValues() {}

    /** The function from the strings {@code domain} to {@code value} of each. */
    public static TlaFunction function(Collection<String> domain, Function<String, TlaValue> value) {
        Map<TlaValue, TlaValue> f = new LinkedHashMap<>();
        domain.forEach(x -> f.put(TlaString.of(x), value.apply(x)));
        return TlaFunction.of(f);
    }

    /** The set of the strings {@code names}. */
    public static TlaSet strings(Collection<String> names) {
        return TlaSet.of(names.stream().map(TlaString::of).toList());
    }
}

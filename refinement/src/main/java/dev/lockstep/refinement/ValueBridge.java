package dev.lockstep.refinement;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaBool;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaModelValue;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tlc2.value.IValue;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.Enumerable;
import tlc2.value.impl.FcnLambdaValue;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.ModelValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;
import tlc2.value.impl.ValueVec;
import util.UniqueString;

/**
 * Converts between the checker's {@link TlaValue}s and TLC's own values.
 *
 * <p>Values handed to TLC are normalised (sorted, duplicate-free) and use the representation TLC itself would build
 * for the value ({@code <<...>>} as a tuple, string-keyed functions as records), so TLC's equality and fingerprints
 * treat them like values the spec computed.
 */
final class ValueBridge {
    private final ImmutableMap<String, ModelValue> modelValues;

    ValueBridge(ImmutableMap<String, ModelValue> modelValues) {
        this.modelValues = modelValues;
    }

    Value toTlc(TlaValue value) {
        if (value instanceof TlaBool b) {
            return b.value() ? BoolValue.ValTrue : BoolValue.ValFalse;
        } else if (value instanceof TlaInt i) {
            if (i.value().bitLength() > 31) {
                throw new IllegalArgumentException("integer " + i + " does not fit TLC's 32-bit integers");
            }
            return IntValue.gen(i.value().intValue());
        } else if (value instanceof TlaString s) {
            return new StringValue(s.value());
        } else if (value instanceof TlaModelValue m) {
            ModelValue mv = modelValues.get(m.name());
            if (mv == null) {
                throw new IllegalArgumentException(
                        "model value " + m.name() + " is not declared in the configuration (declared: "
                                + modelValues.keySet() + ")");
            }
            return mv;
        } else if (value instanceof TlaSet set) {
            Value[] elems = new Value[set.size()];
            int k = 0;
            for (TlaValue e : set.elements()) {
                elems[k++] = toTlc(e);
            }
            return new SetEnumValue(elems, false).normalize();
        }
        return functionToTlc((TlaFunction) value);
    }

    private Value functionToTlc(TlaFunction f) {
        if (f.isEmpty()) {
            return TupleValue.EmptyTuple;
        }
        int n = f.size();
        Value[] images = new Value[n];
        int k = 0;
        for (TlaValue image : f.asMap().values()) {
            images[k++] = toTlc(image);
        }
        if (f.isTuple()) {
            return new TupleValue(images);
        }
        if (f.asMap().keySet().stream().allMatch(key -> key instanceof TlaString)) {
            UniqueString[] names = new UniqueString[n];
            k = 0;
            for (TlaValue key : f.asMap().keySet()) {
                names[k++] = UniqueString.uniqueStringOf(((TlaString) key).value());
            }
            return new RecordValue(names, images, false).normalize();
        }
        Value[] domain = new Value[n];
        k = 0;
        for (TlaValue key : f.asMap().keySet()) {
            domain[k++] = toTlc(key);
        }
        return new FcnRcdValue(domain, images, false).normalize();
    }

    /** @throws SpecEvaluationException for values with no finite, explicit form (operators, infinite sets) */
    static TlaValue fromTlc(IValue value) {
        if (value instanceof BoolValue b) {
            return TlaBool.of(b.val);
        } else if (value instanceof IntValue i) {
            return TlaInt.of(i.val);
        } else if (value instanceof StringValue s) {
            return TlaString.of(s.val.toString());
        } else if (value instanceof ModelValue m) {
            return TlaModelValue.of(m.val.toString());
        } else if (value instanceof RecordValue r) {
            Map<String, TlaValue> fields = new LinkedHashMap<>();
            for (int i = 0; i < r.names.length; i++) {
                fields.put(r.names[i].toString(), fromTlc(r.values[i]));
            }
            return TlaFunction.record(fields);
        } else if (value instanceof TupleValue t) {
            List<TlaValue> elems = new ArrayList<>(t.elems.length);
            for (Value e : t.elems) {
                elems.add(fromTlc(e));
            }
            return TlaFunction.tuple(elems);
        } else if (value instanceof FcnRcdValue f) {
            Value[] domain = f.getDomainAsValues();
            Map<TlaValue, TlaValue> map = new LinkedHashMap<>();
            for (int i = 0; i < domain.length; i++) {
                map.put(fromTlc(domain[i]), fromTlc(f.values[i]));
            }
            return TlaFunction.of(map);
        } else if (value instanceof Enumerable e && e.isFinite()) {
            ValueVec elems = ((SetEnumValue) ((Value) e).toSetEnum()).elems;
            List<TlaValue> out = new ArrayList<>(elems.size());
            for (int i = 0; i < elems.size(); i++) {
                out.add(fromTlc(elems.elementAt(i)));
            }
            return TlaSet.of(out);
        } else if (value instanceof FcnLambdaValue lambda) {
            return fromTlc(lambda.toFcnRcd());
        }
        throw new SpecEvaluationException("TLC value has no explicit finite form: " + value);
    }
}

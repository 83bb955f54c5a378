package dev.lockstep.checker.itf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaBool;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaModelValue;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes traces in the Informal Trace Format (Apalache ADR-015).
 *
 * <p>Encoding of values: Booleans and strings as JSON; integers as JSON numbers within ±(2^53−1), else
 * {@code {"#bigint": "..."}}; sets {@code {"#set": [...]}} in the {@link TlaValue} order. A function on {@code 1..n}
 * (tuple, sequence) and the empty function are JSON arrays: in TLA+ tuples and sequences are the same value, so
 * {@code #tup} is only read, never written. A function whose domain is strings none of which starts with {@code #}
 * is a JSON object (record); any other function is {@code {"#map": [[k, v], ...]}} in key order. ADR-015 has no
 * model values; a model value is written as {@code {"#unserializable": "name"}} (the TLA+ text of a value JSON cannot
 * express) and {@link ItfReader} reads such an identifier back as the model value.
 *
 * <p>The top-level {@code #meta} holds {@code format}, {@code format-description}, the caller's entries and, for a
 * trace ending in infinite stuttering, {@code "stuttering": true} together with {@code loop} = the last index (a
 * self-loop, which is what stuttering is to other ITF readers). Each state's {@code #meta} holds {@code index},
 * {@code action} and, if known, {@code location}. Keys are sorted, output is pretty-printed with a trailing
 * newline and contains no timestamps, so equal traces give byte-identical files.
 */
public final class ItfWriter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DefaultPrettyPrinter PRETTY = prettyPrinter();
    private static final Set<String> RESERVED_META = Set.of(Itf.FORMAT, Itf.FORMAT_DESCRIPTION, Itf.STUTTERING);

    private ItfWriter() {}

    /**
     * @param meta extra entries for the top-level {@code #meta} (e.g. {@code source}, {@code variant})
     * @throws IllegalArgumentException if {@code meta} uses a key this writer sets itself
     */
    public static String write(Trace trace, ImmutableMap<String, String> meta) {
        for (String key : meta.keySet()) {
            if (RESERVED_META.contains(key)) {
                throw new IllegalArgumentException("#meta key '" + key + "' is set by the ITF writer");
            }
        }
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter(PRETTY));
            g.writeStartObject();
            g.writeObjectFieldStart(Itf.META);
            g.writeStringField(Itf.FORMAT, "ITF");
            g.writeStringField(Itf.FORMAT_DESCRIPTION, Itf.FORMAT_DESCRIPTION_URL);
            for (Map.Entry<String, String> e : ImmutableSortedMap.copyOf(meta).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            if (trace.stuttering()) {
                g.writeBooleanField(Itf.STUTTERING, true);
            }
            g.writeEndObject();

            ImmutableSortedSet.Builder<String> vars = ImmutableSortedSet.naturalOrder();
            trace.states().forEach(s -> vars.addAll(s.vars().keySet()));
            g.writeArrayFieldStart("vars");
            for (String v : vars.build()) {
                g.writeString(v);
            }
            g.writeEndArray();

            g.writeArrayFieldStart("states");
            List<TraceState> states = trace.states();
            for (int i = 0; i < states.size(); i++) {
                writeState(g, i, states.get(i));
            }
            g.writeEndArray();

            if (trace.loop().isPresent()) {
                g.writeNumberField("loop", trace.loop().getAsInt());
            } else if (trace.stuttering()) {
                g.writeNumberField("loop", states.size() - 1);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.append('\n').toString();
    }

    private static void writeState(JsonGenerator g, int index, TraceState state) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart(Itf.META);
        g.writeStringField(Itf.ACTION, state.action());
        g.writeNumberField(Itf.INDEX, index);
        if (state.location().isPresent()) {
            g.writeStringField(Itf.LOCATION, state.location().get().toString());
        }
        g.writeEndObject();
        for (Map.Entry<String, TlaValue> e : ImmutableSortedMap.copyOf(state.vars()).entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, TlaValue value) throws IOException {
        if (value instanceof TlaBool b) {
            g.writeBoolean(b.value());
        } else if (value instanceof TlaInt i) {
            writeInt(g, i.value());
        } else if (value instanceof TlaString s) {
            g.writeString(s.value());
        } else if (value instanceof TlaModelValue m) {
            g.writeStartObject();
            g.writeStringField(Itf.UNSERIALIZABLE, m.name());
            g.writeEndObject();
        } else if (value instanceof TlaSet set) {
            g.writeStartObject();
            g.writeArrayFieldStart(Itf.SET);
            for (TlaValue element : set.elements()) {
                writeValue(g, element);
            }
            g.writeEndArray();
            g.writeEndObject();
        } else {
            writeFunction(g, (TlaFunction) value);
        }
    }

    private static void writeInt(JsonGenerator g, BigInteger v) throws IOException {
        if (v.compareTo(Itf.MIN_SAFE) >= 0 && v.compareTo(Itf.MAX_SAFE) <= 0) {
            g.writeNumber(v.longValue());
        } else {
            g.writeStartObject();
            g.writeStringField(Itf.BIGINT, v.toString());
            g.writeEndObject();
        }
    }

    private static void writeFunction(JsonGenerator g, TlaFunction f) throws IOException {
        if (f.isEmpty() || f.isTuple()) {
            g.writeStartArray();
            for (TlaValue element : f.asMap().values()) {
                writeValue(g, element);
            }
            g.writeEndArray();
        } else if (isJsonRecord(f)) {
            g.writeStartObject();
            for (Map.Entry<TlaValue, TlaValue> e : f.asMap().entrySet()) {
                g.writeFieldName(((TlaString) e.getKey()).value());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeStartObject();
            g.writeArrayFieldStart(Itf.MAP);
            for (Map.Entry<TlaValue, TlaValue> e : f.asMap().entrySet()) {
                g.writeStartArray();
                writeValue(g, e.getKey());
                writeValue(g, e.getValue());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    // A key starting with '#' would be read back as one of ITF's own tags.
    private static boolean isJsonRecord(TlaFunction f) {
        for (TlaValue key : f.asMap().keySet()) {
            if (!(key instanceof TlaString s) || s.value().startsWith("#")) {
                return false;
            }
        }
        return true;
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withArrayValueSpacing(Separators.Spacing.NONE)
                .withObjectEntrySpacing(Separators.Spacing.NONE)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }
}

package dev.lockstep.checker.itf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.lockstep.checker.trace.SourceLocation;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaBool;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaModelValue;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.checker.value.TlaValueParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads ITF traces: exactly what {@link ItfWriter} writes, and other tools' ITF (Quint writes every integer as
 * {@code #bigint} and adds {@code #meta} fields; arrays and {@code #tup} are both read as functions on {@code 1..n}).
 * Anything else is refused with one {@link ItfFormatException} whose message names the JSON line:column (syntax) or
 * the path to the offending value (structure), e.g. {@code states[2].x.#set[0]}.
 */
public final class ItfReader {
    /**
     * Deepest JSON nesting accepted: enough for the root, the states array and a state object around any value the
     * text parser accepts, whose sets and maps cost two JSON levels each.
     */
    public static final int MAX_NESTING = 2 * TlaValueParser.MAX_DEPTH + 3;
    /** Longest integer accepted, in digits, whether a JSON number or a {@code #bigint} string. */
    public static final int MAX_DIGITS = 1000;

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final ObjectMapper MAPPER = mapper();

    private ItfReader() {}

    /** Reads an ITF file; error messages start with the file's path. @throws IOException if it cannot be read */
    public static Trace read(Path file) throws IOException {
        String json = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return read(json);
        } catch (ItfFormatException e) {
            throw new ItfFormatException(file + ": " + e.getMessage(), e);
        }
    }

    public static Trace read(String json) {
        JsonNode root;
        try (JsonParser parser = MAPPER.createParser(json)) {
            try {
                root = MAPPER.readTree(parser);
            } catch (JsonProcessingException e) {
                // Constraint violations (number length, nesting) carry no location; the parser still knows it.
                JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                throw new ItfFormatException("ITF: invalid JSON at line " + at.getLineNr() + ", column "
                        + at.getColumnNr() + ": " + firstLine(e.getOriginalMessage()), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from memory failed", e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ItfFormatException("ITF: empty input");
        }
        return new Decoder().trace(root);
    }

    private static String firstLine(String message) {
        String m = message == null ? "unknown error" : message;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxNumberLength(MAX_DIGITS)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    }

    /** Converts the JSON tree; {@code path} strings are built only when reporting an error. */
    private static final class Decoder {
        Trace trace(JsonNode root) {
            if (!root.isObject()) {
                throw fail("$", "the top level must be a JSON object, found " + kind(root));
            }
            boolean stuttering = false;
            JsonNode meta = root.get(Itf.META);
            if (meta != null) {
                if (!meta.isObject()) {
                    throw fail("#meta", "must be an object, found " + kind(meta));
                }
                JsonNode s = meta.get(Itf.STUTTERING);
                if (s != null && !s.isBoolean()) {
                    throw fail("#meta.stuttering", "must be true or false, found " + kind(s));
                }
                stuttering = s != null && s.booleanValue();
            }
            List<String> vars = names(root.get("vars"), "vars");
            JsonNode statesNode = root.get("states");
            if (statesNode == null || !statesNode.isArray() || statesNode.isEmpty()) {
                throw fail("states", "must be a non-empty array of states, found " + kind(statesNode));
            }
            ImmutableList.Builder<TraceState> states = ImmutableList.builder();
            for (int i = 0; i < statesNode.size(); i++) {
                states.add(state(statesNode.get(i), i, vars));
            }
            int count = statesNode.size();
            OptionalInt loop = OptionalInt.empty();
            JsonNode loopNode = root.get("loop");
            if (loopNode != null && !loopNode.isNull()) {
                if (!loopNode.isIntegralNumber() || !loopNode.canConvertToInt()
                        || loopNode.intValue() < 0 || loopNode.intValue() >= count) {
                    throw fail("loop", "must be a state index in 0.." + (count - 1) + ", found " + kind(loopNode));
                }
                loop = OptionalInt.of(loopNode.intValue());
            }
            if (stuttering) {
                if (loop.isPresent() && loop.getAsInt() != count - 1) {
                    throw fail("loop", "a stuttering trace loops on its last state " + (count - 1)
                            + ", found " + loop.getAsInt());
                }
                return new Trace(states.build(), OptionalInt.empty(), true);
            }
            return new Trace(states.build(), loop, false);
        }

        private List<String> names(JsonNode node, String path) {
            List<String> out = new ArrayList<>();
            if (node == null) {
                return out;
            }
            if (!node.isArray()) {
                throw fail(path, "must be an array of names, found " + kind(node));
            }
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw fail(path + "[" + i + "]", "must be a string, found " + kind(node.get(i)));
                }
                out.add(node.get(i).textValue());
            }
            return out;
        }

        private TraceState state(JsonNode node, int index, List<String> declaredVars) {
            String path = "states[" + index + "]";
            if (!node.isObject()) {
                throw fail(path, "must be an object, found " + kind(node));
            }
            String action = "";
            Optional<SourceLocation> location = Optional.empty();
            ImmutableSortedMap.Builder<String, TlaValue> vars = ImmutableSortedMap.naturalOrder();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (!f.getKey().equals(Itf.META)) {
                    if (f.getKey().startsWith("#")) {
                        throw fail(path, "unknown key '" + f.getKey() + "' (variable names do not start with #)");
                    }
                    vars.put(f.getKey(), value(f.getValue(), new JsonPath(path, f.getKey())));
                    continue;
                }
                JsonNode meta = f.getValue();
                String metaPath = path + ".#meta";
                if (!meta.isObject()) {
                    throw fail(metaPath, "must be an object, found " + kind(meta));
                }
                JsonNode idx = meta.get(Itf.INDEX);
                if (idx != null && !(idx.isIntegralNumber() && idx.canConvertToInt() && idx.intValue() == index)) {
                    throw fail(metaPath + ".index", "must be " + index + ", found " + kind(idx));
                }
                JsonNode act = meta.get(Itf.ACTION);
                if (act != null) {
                    if (!act.isTextual()) {
                        throw fail(metaPath + ".action", "must be a string, found " + kind(act));
                    }
                    action = act.textValue();
                }
                JsonNode loc = meta.get(Itf.LOCATION);
                if (loc != null) {
                    location = loc.isTextual() ? SourceLocation.parse(loc.textValue()) : Optional.empty();
                    if (location.isEmpty()) {
                        throw fail(metaPath + ".location",
                                "must read 'line L, col C to line L, col C of module M', found " + kind(loc));
                    }
                }
            }
            ImmutableSortedMap<String, TlaValue> built = vars.buildOrThrow();
            for (String declared : declaredVars) {
                if (!built.containsKey(declared)) {
                    throw fail(path, "lacks variable '" + declared + "' listed in vars");
                }
            }
            return new TraceState(action, location, built);
        }

        private TlaValue value(JsonNode node, JsonPath path) {
            switch (node.getNodeType()) {
                case BOOLEAN:
                    return TlaBool.of(node.booleanValue());
                case STRING:
                    return TlaString.of(node.textValue());
                case NUMBER:
                    if (!node.isIntegralNumber()) {
                        throw fail(path, "must be an integer, found " + kind(node));
                    }
                    return TlaInt.of(node.bigIntegerValue());
                case ARRAY:
                    return TlaFunction.tuple(elements(node, path, ""));
                case OBJECT:
                    return object(node, path);
                default:
                    throw fail(path, "is not an ITF value: " + kind(node));
            }
        }

        private TlaValue object(JsonNode node, JsonPath path) {
            String tag = null;
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (name.startsWith("#")) {
                    tag = name;
                }
            }
            if (tag == null) {
                ImmutableSortedMap.Builder<TlaValue, TlaValue> record = ImmutableSortedMap.naturalOrder();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    record.put(TlaString.of(f.getKey()), value(f.getValue(), new JsonPath(path, f.getKey())));
                }
                return TlaFunction.of(record.buildOrThrow());
            }
            if (node.size() != 1) {
                throw fail(path, "an object with key '" + tag + "' must have no other keys");
            }
            JsonNode body = node.get(tag);
            switch (tag) {
                case Itf.BIGINT:
                    return bigint(body, new JsonPath(path, tag));
                case Itf.SET:
                    return TlaSet.of(ImmutableSortedSet.copyOf(elements(body, path, tag)));
                case Itf.TUP:
                    return TlaFunction.tuple(elements(body, path, tag));
                case Itf.MAP:
                    return map(body, new JsonPath(path, tag));
                case Itf.UNSERIALIZABLE:
                    return modelValue(body, new JsonPath(path, tag));
                default:
                    throw fail(path, "unknown ITF tag '" + tag + "' (known: #bigint #set #tup #map #unserializable)");
            }
        }

        private List<TlaValue> elements(JsonNode array, JsonPath path, String tag) {
            JsonPath here = tag.isEmpty() ? path : new JsonPath(path, tag);
            if (!array.isArray()) {
                throw fail(here, "must be an array, found " + kind(array));
            }
            List<TlaValue> out = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                out.add(value(array.get(i), new JsonPath(here, i)));
            }
            return out;
        }

        private TlaValue bigint(JsonNode body, JsonPath path) {
            if (!body.isTextual() || body.textValue().length() > MAX_DIGITS + 1
                    || !INTEGER.matcher(body.textValue()).matches()) {
                throw fail(path, "must be a string of at most " + MAX_DIGITS + " decimal digits, found "
                        + kind(body));
            }
            return TlaInt.of(new BigInteger(body.textValue()));
        }

        private TlaValue map(JsonNode body, JsonPath path) {
            if (!body.isArray()) {
                throw fail(path, "must be an array of [key, value] pairs, found " + kind(body));
            }
            ImmutableSortedMap.Builder<TlaValue, TlaValue> map = ImmutableSortedMap.naturalOrder();
            for (int i = 0; i < body.size(); i++) {
                JsonNode pair = body.get(i);
                JsonPath at = new JsonPath(path, i);
                if (!pair.isArray() || pair.size() != 2) {
                    throw fail(at, "must be a [key, value] pair, found " + kind(pair));
                }
                map.put(value(pair.get(0), new JsonPath(at, 0)), value(pair.get(1), new JsonPath(at, 1)));
            }
            try {
                return TlaFunction.of(map.buildOrThrow());
            } catch (IllegalArgumentException e) {
                throw fail(path, "maps one key twice");
            }
        }

        private TlaValue modelValue(JsonNode body, JsonPath path) {
            if (!body.isTextual()) {
                throw fail(path, "must be a string, found " + kind(body));
            }
            try {
                return TlaModelValue.of(body.textValue());
            } catch (IllegalArgumentException e) {
                throw fail(path, "only model values (TLA+ identifiers) can be read, found " + kind(body));
            }
        }

        private static ItfFormatException fail(Object path, String problem) {
            return new ItfFormatException("ITF: at " + path + ": " + problem);
        }

        /** Names a JSON node for an error message, quoting at most a short prefix of hostile content. */
        private static String kind(JsonNode node) {
            if (node == null || node.isMissingNode()) {
                return "nothing";
            }
            String text = node.toString();
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + escapeControls(shown);
        }

        private static String escapeControls(String s) {
            StringBuilder out = new StringBuilder(s.length());
            s.codePoints().forEach(c -> {
                if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            return out.toString();
        }
    }

    /** A JSON path such as {@code states[2].x.#set[0]}, materialised only for error messages. */
    private record JsonPath(Object parent, Object step) {
        @Override
        public String toString() {
            return step instanceof Integer i ? parent + "[" + i + "]" : parent + "." + step;
        }
    }
}

package dev.lockstep.refinement.dax;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The gate's exploration starts per DAX variant, from {@code gate-starts.txt} next to this class: lines {@code variant:
 * i j k ...} of indices into {@link DaxModels#everyStart()}.
 */
final class GateStarts {
    static final ImmutableMap<String, ImmutableList<Integer>> INDICES = load();

    private GateStarts() {}

    private static ImmutableMap<String, ImmutableList<Integer>> load() {
        String name = "gate-starts.txt";
        ImmutableMap.Builder<String, ImmutableList<Integer>> out = ImmutableMap.builder();
        try (InputStream in = GateStarts.class.getResourceAsStream(name)) {
            if (in == null) {
                return ImmutableMap.of();
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int colon = l.indexOf(':');
                if (colon < 0) {
                    throw new IllegalStateException(name + ":" + lineNo + ": expected 'variant: indices'");
                }
                int size = DaxModels.everyStart().size();
                ImmutableList<Integer> indices = Arrays.stream(l.substring(colon + 1).trim().split("\\s+"))
                        .map(Integer::valueOf).collect(ImmutableList.toImmutableList());
                if (indices.stream().anyMatch(i -> i < 0 || i >= size)) {
                    throw new IllegalStateException(name + ":" + lineNo + ": an index outside 0.." + (size - 1));
                }
                out.put(l.substring(0, colon).trim(), indices);
            }
            return out.buildOrThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

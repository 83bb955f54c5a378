package dev.lockstep.refinement.replay;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Zeller and Hildebrandt's ddmin: shrinks a failing sequence to a 1-minimal one (removing any single element makes
 * the test pass), trying to remove complements of ever smaller chunks. Used on interleavings, where generic list
 * shrinking (drop a prefix, halve) rarely keeps the one swap that matters. Deterministic.
 */
public final class DeltaDebugging {
    private DeltaDebugging() {}

    /** @param fails the test; must hold for {@code failing} */
    public static <T> ImmutableList<T> minimise(List<T> failing, Predicate<List<T>> fails) {
        if (!fails.test(failing)) {
            throw new IllegalArgumentException("the sequence to minimise does not fail");
        }
        List<T> current = new ArrayList<>(failing);
        int n = 2;
        while (current.size() >= 2) {
            List<List<T>> chunks = split(current, n);
            boolean reduced = false;
            for (List<T> chunk : chunks) {
                if (fails.test(chunk)) {
                    current = chunk;
                    n = 2;
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                for (int i = 0; i < chunks.size(); i++) {
                    List<T> complement = new ArrayList<>();
                    for (int j = 0; j < chunks.size(); j++) {
                        if (j != i) {
                            complement.addAll(chunks.get(j));
                        }
                    }
                    if (fails.test(complement)) {
                        current = complement;
                        n = Math.max(n - 1, 2);
                        reduced = true;
                        break;
                    }
                }
            }
            if (!reduced) {
                if (n >= current.size()) {
                    break;
                }
                n = Math.min(current.size(), 2 * n);
            }
        }
        if (current.size() == 1 && fails.test(List.of())) {
            current = List.of();
        }
        return ImmutableList.copyOf(current);
    }

    private static <T> List<List<T>> split(List<T> list, int n) {
        List<List<T>> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            int end = start + (list.size() - start) / (n - i);
            out.add(new ArrayList<>(list.subList(start, end)));
            start = end;
        }
        return out;
    }
}

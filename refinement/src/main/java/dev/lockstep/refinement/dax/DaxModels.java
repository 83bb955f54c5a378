package dev.lockstep.refinement.dax;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.impl.dax.FileRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small configurations of the Java DAX model shaped like the spec's own models: two tasks (readers, or faulters for
 * the fault variants), two dmaps, one file of three ranges, one access per task.
 */
public final class DaxModels {
    public static final ImmutableList<String> DMAPS = ImmutableList.of("d1", "d2");
    public static final String INODE = "i1";
    public static final int RANGES = 3;

    /**
     * An initial window (dmap -> file range it maps), each task's accesses, and the order of the dmaps on the free
     * and busy lists (the spec's lists are sets; the kernel's order decides which range it takes first).
     */
    public record Start(Map<String, FileRange> window, List<List<FileRange>> accesses, List<String> listOrder) {
        public Start(Map<String, FileRange> window, List<List<FileRange>> accesses) {
            this(window, accesses, DMAPS);
        }
    }

    private DaxModels() {}

    /** The Java configurations of {@code variant} for {@code starts}. */
    public static ImmutableList<DaxConfig> configs(DaxVariant variant, List<Start> starts) {
        return starts.stream().map(s -> config(variant, s.accesses(), s.window(), ImmutableList.of(INODE),
                ImmutableList.copyOf(s.listOrder()))).collect(ImmutableList.toImmutableList());
    }

    public static boolean faults(DaxVariant v) {
        return v == DaxVariant.FAULT_INLINE_RECLAIM || v == DaxVariant.FAULT_WAIT_RETRY;
    }

    /** The two tasks' names for {@code variant}. */
    public static ImmutableList<String> tasks(DaxVariant variant) {
        return faults(variant) ? ImmutableList.of("f1", "f2") : ImmutableList.of("r1", "r2");
    }

    public static DaxConfig config(DaxVariant variant, List<List<FileRange>> accesses, Map<String, FileRange> initial) {
        return config(variant, accesses, initial, ImmutableList.of(INODE));
    }

    public static DaxConfig config(DaxVariant variant, List<List<FileRange>> accesses, Map<String, FileRange> initial,
            ImmutableList<String> inodes) {
        return config(variant, accesses, initial, inodes, DMAPS);
    }

    /** {@code dmaps} in the order the free and busy lists start with. */
    public static DaxConfig config(DaxVariant variant, List<List<FileRange>> accesses, Map<String, FileRange> initial,
            ImmutableList<String> inodes, ImmutableList<String> dmaps) {
        ImmutableMap.Builder<String, ImmutableList<FileRange>> tasks = ImmutableMap.builder();
        for (int i = 0; i < accesses.size(); i++) {
            tasks.put(tasks(variant).get(i), ImmutableList.copyOf(accesses.get(i)));
        }
        ImmutableMap<String, ImmutableList<FileRange>> none = ImmutableMap.of();
        return new DaxConfig(variant, faults(variant) ? none : tasks.build(), faults(variant) ? tasks.build() : none,
                dmaps, inodes, RANGES, ImmutableMap.copyOf(initial));
    }

    /** Every consistent initial window: each dmap free or mapping a distinct range (the spec's InitMaps). */
    public static List<Map<String, FileRange>> initialWindows() {
        List<Map<String, FileRange>> out = new ArrayList<>();
        for (int a = -1; a < RANGES; a++) {
            for (int b = -1; b < RANGES; b++) {
                if (a >= 0 && a == b) {
                    continue;
                }
                Map<String, FileRange> m = new LinkedHashMap<>();
                if (a >= 0) {
                    m.put(DMAPS.get(0), new FileRange(INODE, a));
                }
                if (b >= 0) {
                    m.put(DMAPS.get(1), new FileRange(INODE, b));
                }
                out.add(m);
            }
        }
        return out;
    }

    /**
     * Three starts that between them need every path of the protocol: both ranges free and both tasks on one file
     * range; one range mapped, one task hitting it and one missing; no range free and both tasks missing (reclaim).
     */
    public static List<Start> representativeStarts() {
        FileRange r0 = new FileRange(INODE, 0);
        FileRange r1 = new FileRange(INODE, 1);
        FileRange r2 = new FileRange(INODE, 2);
        return List.of(
                new Start(Map.of(), List.of(List.of(r0), List.of(r0))),
                new Start(Map.of("d1", r0), List.of(List.of(r0), List.of(r2))),
                new Start(Map.of("d1", r0, "d2", r1), List.of(List.of(r2), List.of(r1))));
    }

    /**
     * All 13 initial windows x all 9 choices of one access per task, each with both orders of the two dmaps on the
     * lists where both are on the same list.
     */
    public static List<Start> everyStart() {
        List<Start> starts = new ArrayList<>();
        for (Map<String, FileRange> window : initialWindows()) {
            boolean sameList = window.size() != 1;
            for (List<List<FileRange>> accesses : singleAccesses()) {
                starts.add(new Start(window, accesses, DMAPS));
                if (sameList) {
                    starts.add(new Start(window, accesses, DMAPS.reverse()));
                }
            }
        }
        return starts;
    }

    /** Every choice of one range per task. */
    public static List<List<List<FileRange>>> singleAccesses() {
        List<List<List<FileRange>>> out = new ArrayList<>();
        for (int a = 0; a < RANGES; a++) {
            for (int b = 0; b < RANGES; b++) {
                out.add(List.of(List.of(new FileRange(INODE, a)), List.of(new FileRange(INODE, b))));
            }
        }
        return out;
    }
}

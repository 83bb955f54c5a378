package dev.lockstep.refinement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures step checks per second on the Counter toy spec (records, tuples, functions, sets, model values) and on
 * specs/dax (variant inode-trylock, 41 sub-actions) when present, against a baseline measured in the same run: only
 * converting both states of each step to TLC states, which every check must do. The checked pairs are the graph's
 * edges (allowed) and the same edges reversed (mostly not steps, so every sub-action is evaluated). Figures are the best of five interleaved rounds. Usage: {@code java -cp <test-classpath> dev.lockstep.refinement.RefinementBench [seconds]}.
 */
public final class RefinementBench {
    private RefinementBench() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        try (SpecOracle oracle = Values.counterOracle()) {
            bench(oracle, seconds);
        }
        Path dax = Path.of(System.getProperty("user.dir")).resolveSibling("specs").resolve("dax");
        if (Files.exists(dax.resolve("inode-trylock.cfg"))) {
            try (SpecOracle oracle = SpecOracle.load(dax, "DaxReclaim", dax.resolve("inode-trylock.cfg"))) {
                bench(oracle, seconds);
            }
        }
    }

    private static void bench(SpecOracle oracle, double seconds) {
        ReachableGraph graph = ReachableGraph.explore(oracle, 1_000_000);
        List<SpecState[]> pairs = new ArrayList<>();
        for (ReachableGraph.Edge e : graph.edges()) {
            pairs.add(pair(graph.state(e.from()), graph.state(e.to())));
            pairs.add(pair(graph.state(e.to()), graph.state(e.from())));
        }
        long allowed = pairs.stream().filter(p -> oracle.step(p[0], p[1]).allowed()).count();
        System.out.printf(Locale.ROOT, "spec %s: %d states, %d transitions; %d pairs (edges and reversed edges),"
                + " %d allowed%n", oracle.module(), graph.stateCount(), graph.transitionCount(), pairs.size(), allowed);

        // Interleaved rounds, best of each: the machine is shared, so one long run per loop would measure
        // whatever else ran at the time. The first round is JIT warm-up and is dropped.
        PairOp build = p -> oracle.toTlcState(p[0]).allAssigned() & oracle.toTlcState(p[1]).allAssigned();
        PairOp check = p -> oracle.step(p[0], p[1]).allowed();
        double baseline = 0;
        double checks = 0;
        for (int round = 0; round < 6; round++) {
            double b = run(seconds / 12, pairs, build);
            double c = run(seconds / 12, pairs, check);
            if (round > 0) {
                baseline = Math.max(baseline, b);
                checks = Math.max(checks, c);
            }
        }
        System.out.printf(Locale.ROOT, "  baseline (convert both states to TLC states): %,.0f pairs/s%n", baseline);
        System.out.printf(Locale.ROOT, "  step checks (TLC evaluates all %d sub-actions): %,.0f checks/s%n",
                oracle.actions().size(), checks);
        System.out.printf(Locale.ROOT, "  ratio step checks / baseline: %.3f%n", checks / baseline);
    }

    private static SpecState[] pair(SpecState a, SpecState b) {
        return new SpecState[] {a, b};
    }

    private interface PairOp {
        boolean apply(SpecState[] pair);
    }

    /** Operations per second over {@code seconds}; the result is consumed so the JIT cannot drop the work. */
    private static double run(double seconds, List<SpecState[]> pairs, PairOp op) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        int sink = 0;
        while (System.nanoTime() < deadline) {
            for (SpecState[] p : pairs) {
                sink += op.apply(p) ? 1 : 0;
            }
            n += pairs.size();
        }
        double rate = n / ((System.nanoTime() - start) / 1e9);
        if (sink < 0) {
            throw new AssertionError();
        }
        return rate;
    }
}

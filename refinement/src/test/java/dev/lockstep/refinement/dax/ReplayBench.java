package dev.lockstep.refinement.dax;

import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.binding.CounterexampleReplay;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.binding.Repository;
import dev.lockstep.refinement.replay.Counterexample;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Warm replay time of every DAX counterexample, against a baseline measured in the same run: the same replay (same
 * schedule, same Java model, same mapping to spec states) without the refinement check of each step. Rounds
 * alternate between the two so both see the same machine load; the first rounds are JIT warm-up and are dropped; the
 * median of the rest is printed. Target: a replay under 50 ms. Usage (from refinement/):
 * {@code java -cp <test-classpath> dev.lockstep.refinement.dax.ReplayBench [rounds]}.
 */
public final class ReplayBench {
    private ReplayBench() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int warmup = rounds / 3;
        ProtocolSpec spec = Repository.spec("dax");
        DaxBinding binding = new DaxBinding();
        System.out.printf(Locale.ROOT, "%-50s %12s %12s %7s%n", "counterexample", "replay ms", "baseline ms",
                "ratio");
        for (Path file : CounterexampleFiles.list(spec.counterexamples())) {
            Counterexample cx = CounterexampleFiles.read(file);
            SpecConstants constants = spec.constants(cx.variant());
            if (ProtocolSpec.notReplayed(constants).isPresent()) {
                continue;
            }
            try (SpecOracle oracle = spec.oracle(cx.variant())) {
                RefinementChecker checker = new RefinementChecker(oracle);
                double[] checked = new double[rounds];
                double[] baseline = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    baseline[i] = time(() -> CounterexampleReplay.reproduce(binding, constants, cx, oracle,
                            Optional.empty()));
                    checked[i] = time(() -> CounterexampleReplay.reproduce(binding, constants, cx, oracle,
                            Optional.of(checker)));
                }
                double c = median(Arrays.copyOfRange(checked, warmup, rounds));
                double b = median(Arrays.copyOfRange(baseline, warmup, rounds));
                System.out.printf(Locale.ROOT, "%-50s %12.2f %12.2f %7.2f%n", cx.id() + " (" + cx.property().kind()
                        .name().toLowerCase(Locale.ROOT) + ")", c, b, c / b);
            }
        }
    }

    /** Milliseconds one replay takes; fails loudly if the replay stops reproducing. */
    private static double time(Supplier<CounterexampleReplay.Reproduction> replay) {
        long start = System.nanoTime();
        CounterexampleReplay.Reproduction r = replay.get();
        double ms = (System.nanoTime() - start) / 1e6;
        if (!r.reproduced()) {
            throw new IllegalStateException(r.render());
        }
        return ms;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

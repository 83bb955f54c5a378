package dev.lockstep.impl.dax;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.impl.runtime.RunResult;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.Schedules;
import dev.lockstep.impl.runtime.StepListener;
import java.util.Locale;
import java.util.function.Function;

/**
 * Steps per second of the DAX model (refcount-upstream, two readers and a faulter over two files)
 * under random schedules, with a step-counting listener (the baseline, measured in the same run)
 * and with a listener that takes a {@link DaxState} snapshot after every step, as a refinement
 * checker does. Usage: {@code DaxBench [accessesPerTask] [runs]}.
 */
public final class DaxBench {
  private DaxBench() {}

  public static void main(String[] args) {
    int accesses = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    DaxConfig config = config(accesses);
    measure(config, 2, dax -> (step, task, label) -> {});
    measure(config, 2, dax -> (step, task, label) -> dax.snapshot());
    long[] counting = measure(config, runs, dax -> (step, task, label) -> {});
    long[] mapping = measure(config, runs, dax -> (step, task, label) -> dax.snapshot());
    long[] checking = measure(config, runs, DaxInvariants::checking);
    print("counting listener (baseline)", counting, counting);
    print("snapshot listener (refinement mapping)", mapping, counting);
    print("snapshot + invariant listener", checking, counting);
  }

  private static DaxConfig config(int accesses) {
    ImmutableList.Builder<FileRange> a = ImmutableList.builder();
    ImmutableList.Builder<FileRange> b = ImmutableList.builder();
    ImmutableList.Builder<FileRange> c = ImmutableList.builder();
    for (int i = 0; i < accesses; i++) {
      a.add(new FileRange("i1", i % 3));
      b.add(new FileRange("i2", (i * 2) % 3));
      c.add(new FileRange("i1", (i + 1) % 3));
    }
    return new DaxConfig(
        DaxVariant.REFCOUNT_UPSTREAM,
        ImmutableMap.of("r1", a.build(), "r2", b.build()),
        ImmutableMap.of("f3", c.build()),
        ImmutableList.of("d1", "d2"),
        ImmutableList.of("i1", "i2"),
        3,
        ImmutableMap.of("d1", new FileRange("i1", 0)));
  }

  /** Returns {steps, nanos} summed over {@code runs} runs with seeds 0.. */
  private static long[] measure(
      DaxConfig config, int runs, Function<FuseDax, StepListener> listener) {
    long steps = 0;
    long nanos = 0;
    for (int seed = 0; seed < runs; seed++) {
      Scheduler s = new Scheduler(Schedules.random(seed), Long.MAX_VALUE);
      FuseDax dax = FuseDax.spawn(s, config);
      s.addListener(listener.apply(dax));
      long start = System.nanoTime();
      RunResult r = s.run();
      nanos += System.nanoTime() - start;
      if (!r.completed()) {
        throw new IllegalStateException("bench run " + seed + " did not complete: " + r);
      }
      steps += r.steps();
    }
    return new long[] {steps, nanos};
  }

  private static void print(String name, long[] f, long[] baseline) {
    double perSecond = f[0] * 1e9 / f[1];
    double basePerSecond = baseline[0] * 1e9 / baseline[1];
    System.out.printf(
        Locale.ROOT,
        "%-40s %,11d steps %7.3f s %,12.0f steps/s  ratio to baseline %.3f%n",
        name,
        f[0],
        f[1] / 1e9,
        perSecond,
        perSecond / basePerSecond);
  }
}

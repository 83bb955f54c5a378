package dev.lockstep.impl.runtime;

import java.util.Locale;

/**
 * Measures scheduled steps per second with a listener attached, against a baseline measured in
 * the same run: a plain loop doing the same state changes without any scheduling. Usage: {@code
 * RuntimeBench [iterationsPerTask]}.
 */
public final class RuntimeBench {
  private static final int TASKS = 3;
  /** Steps per loop iteration: spin_lock, atomic_inc, copy_to_user access, spin_unlock. */
  private static final int STEPS_PER_ITERATION = 4;

  private RuntimeBench() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    for (int warmup = 0; warmup < 3; warmup++) {
      scheduled(TASKS, iterations / 10, warmup);
      baseline(iterations / 10);
    }
    Figures plain = baseline(TASKS * iterations);
    Figures one = scheduled(1, iterations, 1);
    Figures many = scheduled(TASKS, iterations, 42);
    print("baseline (plain loop, no scheduling)", plain, plain);
    print("scheduled, 1 task (no hand-offs)", one, plain);
    print("scheduled, " + TASKS + " tasks, random seed 42", many, plain);
    System.out.printf(
        Locale.ROOT, "task switches between consecutive steps in the %d-task run: %,d%n", TASKS, many.handOffs());
  }

  private record Figures(long steps, long nanos, long handOffs) {
    double perSecond() {
      return steps * 1e9 / nanos;
    }
  }

  private static Figures scheduled(int tasks, int iterations, long seed) {
    Scheduler s = new Scheduler(Schedules.random(seed), Long.MAX_VALUE);
    SpinLock lock = new SpinLock(s, "fcd->lock");
    AtomicT count = new AtomicT(s, "count", 0);
    long[] observed = new long[1];
    String[] last = new String[1];
    long[] handOffs = new long[1];
    s.addListener(
        (step, task, label) -> {
          observed[0] = step;
          if (!task.equals(last[0])) {
            handOffs[0]++;
            last[0] = task;
          }
        });
    for (int t = 0; t < tasks; t++) {
      s.spawn(
          "task" + t,
          () -> {
            for (int i = 0; i < iterations; i++) {
              lock.lock();
              count.atomicInc();
              s.access("copy_to_user", () -> {});
              lock.unlock();
            }
          });
    }
    long start = System.nanoTime();
    RunResult r = s.run();
    long nanos = System.nanoTime() - start;
    if (!r.completed() || observed[0] != r.steps()) {
      throw new IllegalStateException("bench run did not complete: " + r);
    }
    return new Figures(r.steps(), nanos, handOffs[0]);
  }

  /** The same state changes as one scheduled iteration, as plain field updates. */
  private static Figures baseline(int iterations) {
    String[] owner = new String[1];
    int[] count = new int[1];
    long[] observed = new long[1];
    StepListener listener = (step, task, label) -> observed[0] = step;
    long step = 0;
    long start = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      if (owner[0] != null) {
        throw new IllegalStateException("lock held");
      }
      owner[0] = "task";
      listener.onStep(++step, "task", "spin_lock");
      count[0]++;
      listener.onStep(++step, "task", "atomic_inc");
      listener.onStep(++step, "task", "copy_to_user");
      owner[0] = null;
      listener.onStep(++step, "task", "spin_unlock");
    }
    long nanos = System.nanoTime() - start;
    if (count[0] != iterations || observed[0] != (long) iterations * STEPS_PER_ITERATION) {
      throw new IllegalStateException("baseline miscounted");
    }
    return new Figures(observed[0], nanos, 0);
  }

  private static void print(String name, Figures f, Figures baseline) {
    System.out.printf(
        Locale.ROOT,
        "%-42s %,12d steps %8.3f s %,14.0f steps/s  ratio to baseline %.5f%n",
        name,
        f.steps(),
        f.nanos() / 1e9,
        f.perSecond(),
        f.perSecond() / baseline.perSecond());
  }
}

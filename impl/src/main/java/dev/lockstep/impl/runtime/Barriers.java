package dev.lockstep.impl.runtime;

/** Explicit barriers. */
public final class Barriers {
  private Barriers() {}

  /** {@code smp_mb()}: waits until the task's earlier plain accesses have performed. */
  public static void smpMb(Scheduler scheduler) {
    scheduler.perform("smp_mb()", Ordering.FULL, () -> {});
  }
}

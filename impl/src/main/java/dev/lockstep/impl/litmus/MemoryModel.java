package dev.lockstep.impl.litmus;

/**
 * The memory model a litmus test runs under.
 */
public enum MemoryModel {
  /**
   * Sequential consistency: each thread performs its operations in program order and every write
   * reaches every thread at once. The runtime's {@link dev.lockstep.impl.runtime.MemoryModel#SC}.
   */
  SC,
  /**
   * An operational approximation of the Linux-kernel memory model (tools/memory-model/
   * linux-kernel.cat) for the supported subset. Documented in full in the package documentation.
   */
  LKMM,
  /**
   * The runtime's weaker model, {@link dev.lockstep.impl.runtime.MemoryModel#LKMM_SUBSET}, under
   * which the DAX model runs on {@link dev.lockstep.impl.runtime.Scheduler} (see the runtime's
   * package documentation), to compare it with the LKMM: sequentially
   * consistent, except that plain accesses — here READ_ONCE and WRITE_ONCE, the litmus
   * counterpart of the models' {@code Scheduler.access} — stay in flight, performing in program
   * order, and a later operation with relaxed or acquire ordering may perform before them; release
   * stores and unlocks stay in flight as well (what a model may buffer with {@code
   * Scheduler.bufferRelease}), and only a later relaxed operation may perform before them. Nothing
   * overtakes an in-flight access to its own location. The
   * runtime's orderings: atomic_read/set, non-value-returning atomics, rcu_dereference,
   * rcu_read_lock and _relaxed atomics relaxed; spin_lock, smp_load_acquire and _acquire
   * atomics acquire; spin_unlock, rcu_read_unlock, smp_store_release, rcu_assign_pointer and
   * _release atomics release; smp_mb, fully ordered atomics and synchronize_rcu full. The runtime has no smp_rmb
   * or smp_wmb; they count as full here.
   */
  RUNTIME;

  /** The model named on a command line: {@code sc}, {@code lkmm} or {@code runtime}. */
  public static MemoryModel named(String name) {
    return switch (name) {
      case "sc" -> SC;
      case "lkmm" -> LKMM;
      case "runtime" -> RUNTIME;
      default -> throw new IllegalArgumentException("unknown memory model '" + name + "' (sc, lkmm or runtime)");
    };
  }
}

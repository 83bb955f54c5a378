package dev.lockstep.impl.litmus;

/**
 * The memory model a litmus test runs under.
 */
public enum MemoryModel {
  /**
   * Sequential consistency: each thread performs its operations in program order and every write
   * reaches every thread at once. The runtime's protocol models run under it by default.
   */
  SC,
  /**
   * An operational approximation of the Linux-kernel memory model (tools/memory-model/
   * linux-kernel.cat) for the supported subset. Documented in full in the package documentation.
   */
  LKMM;

  /** The model named on a command line: {@code sc} or {@code lkmm}. */
  public static MemoryModel named(String name) {
    return switch (name) {
      case "sc" -> SC;
      case "lkmm" -> LKMM;
      default -> throw new IllegalArgumentException("unknown memory model '" + name + "' (sc or lkmm)");
    };
  }
}

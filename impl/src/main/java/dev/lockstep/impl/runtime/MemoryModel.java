package dev.lockstep.impl.runtime;

/**
 * The memory model a {@link Scheduler} runs its tasks under, chosen per run ({@link
 * Scheduler#useMemoryModel}). Both keep every plain access ({@link Scheduler#access}) a step of its
 * own, performed in program order; they differ only in whether a later operation of the same task
 * may take effect first.
 */
public enum MemoryModel {
  /**
   * Sequential consistency: every operation waits until its task's earlier plain accesses have
   * performed, whatever its {@link Ordering}. No step is ever a reordering, so a spec without
   * visibility actions can check every run; the cheapest model to explore.
   */
  SC,
  /**
   * The LKMM-approximating model: sequentially consistent, except that an operation with {@link
   * Ordering#RELAXED} or {@link Ordering#ACQUIRE} ordering may take effect before its task's
   * in-flight plain accesses, and a relaxed one before a release the model left in flight ({@link
   * Scheduler#bufferRelease}); the step that does so is a reordering ({@link
   * Scheduler#stepReordered}). It shows far from every execution the Linux-kernel memory model
   * allows: no store buffering among atomics, no reordering among marked accesses but those
   * releases. The litmus
   * suite ({@code lockstep litmus --model runtime}) shows where it is stronger than the LKMM; it
   * is nowhere weaker there, which is evidence, not proof. Whether a protocol model can miss an
   * LKMM behaviour depends only on its accesses that no lock or full ordering orders ({@link
   * SharedAccesses}); for every such pattern of DAX, syncfs and tcmu this model shows all the LKMM
   * allows (README, "Which LKMM behaviours each protocol model can show"). See the package
   * documentation.
   */
  LKMM_SUBSET;

  /** Whether an operation with {@code ordering} must wait for its task's earlier plain accesses. */
  public boolean waitsForEarlierAccesses(Ordering ordering) {
    return this == SC || ordering.ordersEarlierAccesses();
  }

  /**
   * Whether an operation with {@code ordering} must wait for its task's in-flight accesses, among
   * which, if {@code releaseInFlight}, a release ({@link Scheduler#bufferRelease}): only a relaxed
   * operation overtakes a release.
   */
  public boolean waitsForInFlight(Ordering ordering, boolean releaseInFlight) {
    return waitsForEarlierAccesses(ordering) || releaseInFlight && ordering != Ordering.RELAXED;
  }
}

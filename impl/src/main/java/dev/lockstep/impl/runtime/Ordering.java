package dev.lockstep.impl.runtime;

/**
 * The memory ordering of one scheduling point, in Linux-kernel memory model terms. Under {@link
 * MemoryModel#LKMM_SUBSET} it decides whether the operation may take effect while the same task
 * still has plain accesses in flight (see the package documentation for exactly what is
 * modelled); under {@link MemoryModel#SC} no operation may.
 */
public enum Ordering {
  /** Unordered: non-value-returning atomics ({@code atomic_inc}, {@code atomic_dec}), READ_ONCE. */
  RELAXED,
  /** Orders later accesses only: lock acquisition, {@code smp_load_acquire}. */
  ACQUIRE,
  /** Orders earlier accesses: unlock, {@code refcount_dec_and_test}, {@code smp_store_release}. */
  RELEASE,
  /** Fully ordered: {@code smp_mb}, value-returning atomics such as {@code atomic_dec_and_test}. */
  FULL;

  /** Whether every earlier plain access of the task must be performed before this operation. */
  public boolean ordersEarlierAccesses() {
    return this == RELEASE || this == FULL;
  }
}

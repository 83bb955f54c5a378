package dev.lockstep.impl.runtime;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The lock bit of a DAX mapping entry in the page-cache xarray ({@code fs/dax.c}): taken by
 * {@code grab_mapping_entry} in the fault path, waited for by layout breaking.
 */
public final class DaxEntryLock extends ExclusiveLock {
  /** Every entry's lock bit is one {@link LockDep} class. */
  public static final String LOCK_CLASS = "DAX entry";

  public DaxEntryLock(Scheduler scheduler, String name) {
    super(scheduler, name, LOCK_CLASS, "grab_mapping_entry", "dax_unlock_entry", null);
  }

  /**
   * Layout breaking over several entries ({@code dax_layout_busy_page_range} + wait, as in 4.19,
   * where locked entries count as busy): one step, enabled once none of {@code entries} is locked.
   */
  public static void waitEntriesUnlocked(
      Scheduler scheduler, String label, List<DaxEntryLock> entries) {
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.awaitUnlocked(LOCK_CLASS);
    }
    scheduler.await(
        label,
        Ordering.ACQUIRE,
        () -> entries.stream().allMatch(e -> e.owner().isEmpty()),
        () ->
            WaitsFor.heldBy(
                entries.stream()
                    .filter(e -> e.owner().isPresent())
                    .map(ExclusiveLock::name)
                    .collect(Collectors.joining(", ", "DAX entries [", "]")),
                entries.stream().flatMap(e -> e.owner().stream()).distinct().toList()),
        () -> null);
  }

  /** {@code wait_entry_unlocked}: blocks until the entry is unlocked, without locking it. */
  public void waitEntryUnlocked() {
    awaitUnlocked("wait_entry_unlocked");
  }
}

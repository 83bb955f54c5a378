package dev.lockstep.impl.dax;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;

/**
 * An immutable snapshot of {@link FuseDax}, one field per variable of specs/dax/DaxReclaim.tla
 * with the same name and meaning, so that a refinement mapping is field-by-field. Conventions as in
 * the spec: {@link #NONE} stands for NoActor / NoDmap / NoInode, an unused range or start is 0,
 * {@code pc} holds the spec's program-counter strings for every actor (tasks and {@link
 * DaxConfig#WORKER}). {@code refcnt} is the spec's count: the atomic_t / refcount_t value, or the
 * base for the variant without a count. {@code daxSemHolders} is the only field the spec lacks:
 * the tasks holding {@code fi->dax->sem} (shared or exclusive). Every section under that sem is one
 * step, so it is always empty between steps, which is why the spec has no variable for it.
 */
public record DaxState(
    ImmutableSortedMap<String, String> pc,
    ImmutableSortedMap<String, Integer> accessesLeft,
    ImmutableSortedMap<String, String> taskInode,
    ImmutableSortedMap<String, Integer> taskRange,
    ImmutableSortedMap<String, String> iomapPrivate,
    ImmutableSortedMap<String, String> allocDmap,
    String workerInode,
    ImmutableSortedMap<String, Integer> reclaimStart,
    ImmutableSortedMap<String, Integer> refcnt,
    ImmutableSortedMap<String, String> dmapInode,
    ImmutableSortedMap<String, Integer> dmapStart,
    ImmutableSortedSet<String> freeRanges,
    ImmutableSortedSet<String> busyRanges,
    int nrFreeRanges,
    ImmutableSortedSet<String> rangeWaitq,
    ImmutableSortedMap<String, RwHolders> inodeLock,
    ImmutableSortedMap<String, RwHolders> invalidateLock,
    ImmutableSortedSet<FileRange> daxEntryLocked,
    ImmutableSortedMap<String, ImmutableSortedSet<String>> daxSemHolders) {

  public static final String NONE = "none";

  /** The spec's {@code [readers: SUBSET Tasks, writer: Actors \cup {NoActor}]}. */
  public record RwHolders(ImmutableSortedSet<String> readers, String writer) {
    public boolean free() {
      return readers.isEmpty() && writer.equals(NONE);
    }
  }
}

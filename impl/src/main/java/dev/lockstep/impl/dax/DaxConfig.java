package dev.lockstep.impl.dax;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One model instance, mirroring the spec's constants: the variant, the reader and faulter tasks
 * with the file ranges each accesses (in order; the spec's {@code Accesses} is the list length),
 * the DAX window ranges ({@code Dmaps}), files and the number of 2 MiB ranges per file, and the
 * initial state of the window (which dmap maps which file range; the rest are free).
 *
 * @param endless tasks that repeat their accesses forever (the spec's {@code Endless}: seed 000's
 *     fio job)
 * @param mutations fixes of the Java model broken on purpose, to show that the checks fail on
 *     them: {@link #NO_WAKE_UP}, {@link #ALLOC_NO_FCD_LOCK} and {@link #RECLAIM_DAX_SEM_FIRST}; empty for the real model
 */
public record DaxConfig(
    DaxVariant variant,
    ImmutableMap<String, ImmutableList<FileRange>> readers,
    ImmutableMap<String, ImmutableList<FileRange>> faulters,
    ImmutableList<String> dmaps,
    ImmutableList<String> inodes,
    int ranges,
    ImmutableMap<String, FileRange> initialMapping,
    ImmutableSet<String> endless,
    ImmutableSet<String> mutations) {

  public static final String WORKER = "worker";

  /** Mutation: {@code __dmap_add_to_free_pool} forgets {@code wake_up(&fcd->range_waitq)}. */
  public static final String NO_WAKE_UP = "no-wake-up";

  /** Mutation: {@code alloc_dax_mapping} takes the free list head without {@code fcd->lock}. */
  public static final String ALLOC_NO_FCD_LOCK = "alloc-no-fcd-lock";

  /**
   * Mutation: {@code lookup_and_reclaim_dmap} takes {@code fi->dax->sem} before {@code mapping->invalidate_lock}, the
   * order its comment documents swapped (for lockdep; the spec does not see the order).
   */
  public static final String RECLAIM_DAX_SEM_FIRST = "reclaim-dax-sem-first";

  private static final ImmutableSet<String> MUTATIONS =
      ImmutableSet.of(NO_WAKE_UP, ALLOC_NO_FCD_LOCK, RECLAIM_DAX_SEM_FIRST);

  /** A configuration of the real model: no endless task, nothing broken. */
  public DaxConfig(
      DaxVariant variant,
      ImmutableMap<String, ImmutableList<FileRange>> readers,
      ImmutableMap<String, ImmutableList<FileRange>> faulters,
      ImmutableList<String> dmaps,
      ImmutableList<String> inodes,
      int ranges,
      ImmutableMap<String, FileRange> initialMapping) {
    this(variant, readers, faulters, dmaps, inodes, ranges, initialMapping, ImmutableSet.of(), ImmutableSet.of());
  }

  public DaxConfig {
    checkArgument(MUTATIONS.containsAll(mutations), "unknown mutations %s", mutations);
    checkArgument(
        Sets.union(readers.keySet(), faulters.keySet()).containsAll(endless),
        "endless tasks %s are not tasks",
        endless);
    checkArgument(
        !variant.tree2019() || faulters.isEmpty(),
        "variant %s has no fault path; faulters %s",
        variant.specName(),
        faulters.keySet());
    checkArgument(ranges > 0, "ranges must be positive");
    checkArgument(
        Sets.intersection(readers.keySet(), faulters.keySet()).isEmpty(),
        "a task is both reader and faulter");
    checkArgument(
        !readers.containsKey(WORKER) && !faulters.containsKey(WORKER), "'%s' is reserved", WORKER);
    Set<FileRange> mapped = new HashSet<>();
    initialMapping.forEach(
        (d, w) -> {
          checkArgument(dmaps.contains(d), "initial mapping names unknown dmap %s", d);
          checkValid(w, inodes, ranges);
          checkArgument(mapped.add(w), "file range %s mapped twice initially", w);
        });
    readers.values().forEach(l -> l.forEach(r -> checkValid(r, inodes, ranges)));
    faulters.values().forEach(l -> l.forEach(r -> checkValid(r, inodes, ranges)));
    readers.forEach((t, plan) -> checkArgument(!plan.isEmpty(), "task %s has no access", t));
    faulters.forEach((t, plan) -> checkArgument(!plan.isEmpty(), "task %s has no access", t));
  }

  /**
   * The spec's {@code Accesses}: the accesses each task that is not endless makes (1 if every task
   * is endless). An endless task's count stays at it, as the spec's {@code accessesLeft} does.
   */
  public int accessesPerTask() {
    return Stream.concat(readers.entrySet().stream(), faulters.entrySet().stream())
        .filter(e -> !endless.contains(e.getKey()))
        .map(e -> e.getValue().size())
        .findFirst()
        .orElse(1);
  }

  /** The same configuration with {@code mutation} broken. */
  public DaxConfig withMutation(String mutation) {
    return new DaxConfig(
        variant, readers, faulters, dmaps, inodes, ranges, initialMapping, endless,
        ImmutableSet.<String>builder().addAll(mutations).add(mutation).build());
  }

  public boolean broken(String mutation) {
    return mutations.contains(mutation);
  }

  private static void checkValid(FileRange r, ImmutableList<String> inodes, int ranges) {
    checkArgument(inodes.contains(r.inode()), "unknown inode in %s", r);
    checkArgument(r.range() < ranges, "range out of bounds in %s", r);
  }
}

package dev.lockstep.impl.dax;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Sets;
import java.util.HashSet;
import java.util.Set;

/**
 * One model instance, mirroring the spec's constants: the variant, the reader and faulter tasks
 * with the file ranges each accesses (in order; the spec's {@code Accesses} is the list length),
 * the DAX window ranges ({@code Dmaps}), files and the number of 2 MiB ranges per file, and the
 * initial state of the window (which dmap maps which file range; the rest are free).
 */
public record DaxConfig(
    DaxVariant variant,
    ImmutableMap<String, ImmutableList<FileRange>> readers,
    ImmutableMap<String, ImmutableList<FileRange>> faulters,
    ImmutableList<String> dmaps,
    ImmutableList<String> inodes,
    int ranges,
    ImmutableMap<String, FileRange> initialMapping) {

  public static final String WORKER = "worker";

  public DaxConfig {
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
  }

  private static void checkValid(FileRange r, ImmutableList<String> inodes, int ranges) {
    checkArgument(inodes.contains(r.inode()), "unknown inode in %s", r);
    checkArgument(r.range() < ranges, "range out of bounds in %s", r);
  }
}

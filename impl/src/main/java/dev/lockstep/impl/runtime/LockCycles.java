package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cycles of a {@link LockDep} graph that can deadlock, and their reports in the kernel's words. A cycle counts if
 * it is a closed strong dependency path: no two adjacent edges -(*R)-> -(S*)-> (a recursive reader after a shared
 * holder waits for nobody; Documentation/locking/lockdep-design.rst, "Recursive read locks", commit 224ec489d3cd
 * "lockdep/Documention: Recursive read lock detection reasoning", v5.10). A self-edge is lockdep's "possible recursive
 * locking" (taking a class already held), unless it is a recursive read after a read ({@code check_deadlock}).
 */
public final class LockCycles {
  private LockCycles() {}

  /**
   * A cycle, rotated so that its last edge is the one whose first witness came last: the dependency whose addition
   * lockdep would have reported, closing the chain of the others.
   */
  public record Cycle(ImmutableList<LockDep.Edge> edges) {
    public LockDep.Edge closing() {
      return edges.get(edges.size() - 1);
    }

    public boolean recursive() {
      return edges.size() == 1;
    }

    public ImmutableList<String> classes() {
      return edges.stream().map(LockDep.Edge::from).collect(ImmutableList.toImmutableList());
    }

    @Override
    public String toString() {
      return String.join(" -> ", classes()) + " -> " + edges.get(0).from();
    }
  }

  /** Every elementary cycle of {@code graph} that can deadlock, shortest first. */
  public static ImmutableList<Cycle> of(LockDep graph) {
    List<String> classes = graph.classes();
    Map<String, Integer> index = new HashMap<>();
    classes.forEach(c -> index.put(c, index.size()));
    List<List<LockDep.Edge>> out = new ArrayList<>();
    classes.forEach(c -> out.add(new ArrayList<>()));
    for (LockDep.Edge e : graph.edges()) {
      out.get(index.get(e.from())).add(e);
    }
    List<Cycle> found = new ArrayList<>();
    for (int start = 0; start < classes.size(); start++) {
      search(start, start, out, index, new ArrayList<>(), found);
    }
    found.sort(Comparator.comparingInt((Cycle c) -> c.edges().size()).thenComparing(Cycle::toString));
    return ImmutableList.copyOf(found);
  }

  private static void search(int start, int node, List<List<LockDep.Edge>> out, Map<String, Integer> index,
      List<LockDep.Edge> path, List<Cycle> found) {
    for (LockDep.Edge e : out.get(node)) {
      int next = index.get(e.to());
      if (next < start || path.stream().anyMatch(p -> index.get(p.from()) == next && next != start)) {
        continue;
      }
      path.add(e);
      if (next == start) {
        if (strong(path)) {
          found.add(new Cycle(rotate(path)));
        }
      } else {
        search(start, next, out, index, path, found);
      }
      path.remove(path.size() - 1);
    }
  }

  /**
   * Whether the closed path can be strong: some choice of one dependency kind per edge with no -(*R)-> followed by
   * -(S*)-> anywhere around it. Kinds are {@code DEP_*_BIT}s: bit0 set = exclusive holder, bit1 set = non-recursive.
   */
  static boolean strong(List<LockDep.Edge> cycle) {
    int n = cycle.size();
    for (int first = 0; first < 4; first++) {
      if ((cycle.get(0).dep() & 1 << first) == 0) {
        continue;
      }
      // kinds the i-th edge can take on a strong path from the first edge's kind
      int reachable = 1 << first;
      for (int i = 1; i < n && reachable != 0; i++) {
        reachable = follow(reachable, cycle.get(i).dep());
      }
      if ((follow(reachable, 1 << first) & 1 << first) != 0) {
        return true;
      }
    }
    return false;
  }

  /** The kinds in {@code allowed} that may follow some kind in {@code from} on a strong path. */
  private static int follow(int from, int allowed) {
    int out = 0;
    for (int prev = 0; prev < 4; prev++) {
      if ((from & 1 << prev) == 0) {
        continue;
      }
      boolean recursiveEnd = (prev & 2) == 0;
      for (int next = 0; next < 4; next++) {
        boolean sharedStart = (next & 1) == 0;
        if ((allowed & 1 << next) != 0 && !(recursiveEnd && sharedStart)) {
          out |= 1 << next;
        }
      }
    }
    return out;
  }

  private static ImmutableList<LockDep.Edge> rotate(List<LockDep.Edge> path) {
    Comparator<LockDep.Edge> order = Comparator.comparingLong((LockDep.Edge e) -> e.first().run())
        .thenComparingInt(e -> e.first().step());
    int last = 0;
    for (int i = 1; i < path.size(); i++) {
      if (order.compare(path.get(i), path.get(last)) > 0) {
        last = i;
      }
    }
    ImmutableList.Builder<LockDep.Edge> b = ImmutableList.builder();
    for (int i = 1; i <= path.size(); i++) {
      b.add(path.get((last + i) % path.size()));
    }
    return b.build();
  }
}

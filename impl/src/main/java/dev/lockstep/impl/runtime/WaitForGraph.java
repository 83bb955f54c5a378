package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Elementary cycles of the wait-for graph of a deadlock (task -> holders of what it waits for). */
final class WaitForGraph {
  private WaitForGraph() {}

  /**
   * Every elementary cycle, each listed once, starting at its task that comes first in
   * {@code blocked}. Task counts are small, so plain depth-first enumeration suffices.
   */
  static ImmutableList<ImmutableList<String>> cycles(List<Outcome.Blocked> blocked) {
    Map<String, Integer> index = new HashMap<>();
    for (Outcome.Blocked b : blocked) {
      index.putIfAbsent(b.task(), index.size());
    }
    List<List<Integer>> edges = new ArrayList<>();
    index.keySet().forEach(k -> edges.add(new ArrayList<>()));
    for (Outcome.Blocked b : blocked) {
      int from = index.get(b.task());
      for (String holder : b.waitsFor().holders()) {
        Integer to = index.get(holder);
        if (to != null && !edges.get(from).contains(to)) {
          edges.get(from).add(to);
        }
      }
    }
    List<String> names = new ArrayList<>(index.keySet());
    index.forEach((name, i) -> names.set(i, name));
    ImmutableList.Builder<ImmutableList<String>> out = ImmutableList.builder();
    for (int start = 0; start < names.size(); start++) {
      List<Integer> path = new ArrayList<>();
      path.add(start);
      search(start, start, edges, path, names, out);
    }
    return out.build();
  }

  private static void search(
      int start,
      int node,
      List<List<Integer>> edges,
      List<Integer> path,
      List<String> names,
      ImmutableList.Builder<ImmutableList<String>> out) {
    for (int next : edges.get(node)) {
      if (next == start) {
        out.add(path.stream().map(names::get).collect(ImmutableList.toImmutableList()));
      } else if (next > start && !path.contains(next)) {
        path.add(next);
        search(start, next, edges, path, names, out);
        path.remove(path.size() - 1);
      }
    }
  }
}

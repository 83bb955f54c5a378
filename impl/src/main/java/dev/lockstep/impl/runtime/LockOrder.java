package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableList;

/**
 * A protocol's documented lock order, outermost first, and where it is documented: a {@link LockDep} edge from a later
 * class to an earlier one goes against it. Classes the order does not name are not judged.
 */
public record LockOrder(ImmutableList<String> classes, String source) {
  public static LockOrder of(String source, String... classes) {
    return new LockOrder(ImmutableList.copyOf(classes), source);
  }

  /** No documented order: nothing is judged. */
  public static LockOrder none() {
    return new LockOrder(ImmutableList.of(), "");
  }

  /** The observed edges that take an earlier class of the order while holding a later one. */
  public ImmutableList<LockDep.Edge> violations(LockDep graph) {
    return graph.edges().stream()
        .filter(e -> classes.indexOf(e.from()) > classes.indexOf(e.to()) && classes.contains(e.to()))
        .collect(ImmutableList.toImmutableList());
  }

  @Override
  public String toString() {
    return String.join(" -> ", classes);
  }
}

package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableList;
import java.util.stream.Collectors;

/**
 * A protocol's documented lock order: chains of classes, each outermost first, and where they are documented. A {@link
 * LockDep} edge from a later class of a chain to an earlier one goes against it; classes no chain relates are not
 * judged (a chain with a wait class, e.g. "range_waitq before invalidate_lock", says: never sleep on the queue holding
 * the lock).
 */
public record LockOrder(ImmutableList<ImmutableList<String>> chains, String source) {
  public static LockOrder of(String source, String... chain) {
    return new LockOrder(ImmutableList.of(ImmutableList.copyOf(chain)), source);
  }

  /** No documented order: nothing is judged. */
  public static LockOrder none() {
    return new LockOrder(ImmutableList.of(), "");
  }

  /** This order and one more chain. */
  public LockOrder and(String... chain) {
    return new LockOrder(
        ImmutableList.<ImmutableList<String>>builder().addAll(chains).add(ImmutableList.copyOf(chain)).build(),
        source);
  }

  public boolean isEmpty() {
    return chains.isEmpty();
  }

  /** The observed edges that take an earlier class of a chain while holding a later one. */
  public ImmutableList<LockDep.Edge> violations(LockDep graph) {
    return graph.edges().stream()
        .filter(e -> chains.stream().anyMatch(c -> c.contains(e.to()) && c.indexOf(e.from()) > c.indexOf(e.to())))
        .collect(ImmutableList.toImmutableList());
  }

  @Override
  public String toString() {
    return chains.stream().map(c -> String.join(" -> ", c)).collect(Collectors.joining("; "));
  }
}

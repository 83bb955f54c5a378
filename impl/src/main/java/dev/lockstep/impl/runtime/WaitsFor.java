package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableSet;
import java.util.Collection;

/**
 * What a blocked task waits for: a resource description and the tasks that currently hold it
 * (empty when nobody holds it, e.g. a wait queue whose condition is false).
 */
public record WaitsFor(String resource, ImmutableSet<String> holders) {

  public static WaitsFor heldBy(String resource, Collection<String> holders) {
    return new WaitsFor(resource, ImmutableSet.copyOf(holders));
  }

  public static WaitsFor heldBy(String resource, String holder) {
    return new WaitsFor(resource, holder == null ? ImmutableSet.of() : ImmutableSet.of(holder));
  }

  public static WaitsFor event(String resource) {
    return new WaitsFor(resource, ImmutableSet.of());
  }

  @Override
  public String toString() {
    return holders.isEmpty() ? resource : resource + " held by " + String.join(", ", holders);
  }
}

package dev.lockstep.impl.runtime;

/**
 * One enabled alternative at a scheduling point: either the pending operation of a task or a
 * deferred action (an in-flight plain access or buffered release write of that task, or an action
 * of an agent such as an RCU callback owned by {@code "rcu"}).
 */
public record Choice(String task, String label, boolean deferred) {
  @Override
  public String toString() {
    return task + ":" + label;
  }
}

package dev.lockstep.impl.litmus;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a litmus test exhaustively on the {@link Machine}: a depth-first search over its states
 * (each state explored once), collecting the distinct final states and, for the first final state
 * that satisfies the condition, the interleaving that reached it.
 */
public final class LitmusRunner {
  private final LitmusTest test;
  private final Machine machine;
  private final Set<Machine.Key> visited = new HashSet<>();
  private final List<List<Row>> path = new ArrayList<>();
  private final TreeMap<String, Boolean> finals = new TreeMap<>();
  private List<Row> witness;
  private long deadlocks;

  private LitmusRunner(LitmusTest test, MemoryModel model) {
    this.test = test;
    this.machine = new Machine(test, model);
  }

  public static LitmusResult run(LitmusTest test, MemoryModel model) {
    return new LitmusRunner(test, model).explore(model);
  }

  private LitmusResult explore(MemoryModel model) {
    long start = System.nanoTime();
    visit(machine.initial());
    long positive = finals.values().stream().filter(b -> b).count();
    long negative = finals.size() - positive;
    return new LitmusResult(test, model, Verdict.of(positive, negative), positive, negative,
        ImmutableSortedMap.copyOf(finals), visited.size(), deadlocks,
        Optional.ofNullable(witness).map(ImmutableList::copyOf), System.nanoTime() - start);
  }

  private void visit(Machine.State s) {
    if (!visited.add(s.key())) {
      return;
    }
    List<Machine.Step> steps = machine.successors(s);
    if (machine.finished(s)) {
      if (test.filter().isPresent() && !test.filter().get().holds(o -> machine.finalValue(s, o))) {
        return;
      }
      boolean holds = test.condition().holds(o -> machine.finalValue(s, o));
      finals.put(render(s), holds);
      if (holds && witness == null) {
        witness = path.stream().flatMap(List::stream).toList();
      }
    } else if (steps.isEmpty() && !machine.mispredicted(s)) {
      deadlocks++;
    }
    for (Machine.Step step : steps) {
      path.add(step.rows());
      visit(step.next());
      path.remove(path.size() - 1);
    }
  }

  private String render(Machine.State s) {
    StringBuilder b = new StringBuilder();
    for (Prop.Observable o : test.observables()) {
      b.append(o.text()).append('=').append(Values.render(machine.finalValue(s, o), test.locations()))
          .append("; ");
    }
    return b.toString().trim();
  }
}

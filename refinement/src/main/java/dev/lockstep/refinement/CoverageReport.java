package dev.lockstep.refinement;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How much of the spec's reachable graph an implementation exploration covered.
 *
 * @param statesOutside abstract states the implementation visited that the graph does not hold (possible only when
 *     the configuration's constraints cut the graph: the refinement check already proved every step a spec step)
 * @param actionsNeverTaken spec actions that label a transition of the graph but allowed no implementation step
 */
public record CoverageReport(
        int specStates,
        int coveredStates,
        int statesOutside,
        int specTransitions,
        int coveredTransitions,
        int transitionsOutside,
        ImmutableSortedSet<String> actionsNeverTaken,
        ImmutableSortedMap<String, Integer> uncoveredByAction) {

    public static CoverageReport of(ReachableGraph graph, ExplorationCoverage explored) {
        Map<String, Integer> uncovered = new TreeMap<>();
        for (int i = 0; i < graph.stateCount(); i++) {
            if (!explored.states().contains(graph.state(i))) {
                uncovered.merge(graph.discoveredBy(i), 1, Integer::sum);
            }
        }
        int coveredStates = (int) explored.states().stream().filter(graph::contains).count();
        int coveredTransitions = (int) explored.transitions().stream().filter(graph::contains).count();
        ImmutableSortedSet<String> never = graph.actionNames().stream()
                .filter(a -> !explored.actionsTaken().contains(a))
                .collect(ImmutableSortedSet.toImmutableSortedSet(String::compareTo));
        return new CoverageReport(graph.stateCount(), coveredStates, explored.states().size() - coveredStates,
                graph.transitionCount(), coveredTransitions, explored.transitions().size() - coveredTransitions,
                never, ImmutableSortedMap.copyOf(uncovered));
    }

    public double statePercent() {
        return percent(coveredStates, specStates);
    }

    public double transitionPercent() {
        return percent(coveredTransitions, specTransitions);
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 100.0 : 100.0 * part / whole;
    }

    /** E.g. {@code spec states covered: 12/12 (100.0 %)}; one line per figure. Deterministic. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "spec states covered: %d/%d (%.1f %%)%n", coveredStates, specStates,
                statePercent()));
        out.append(String.format(Locale.ROOT, "spec transitions covered: %d/%d (%.1f %%)%n", coveredTransitions,
                specTransitions, transitionPercent()));
        if (statesOutside > 0 || transitionsOutside > 0) {
            out.append(String.format(Locale.ROOT,
                    "outside the constrained graph: %d states, %d transitions%n", statesOutside, transitionsOutside));
        }
        out.append("spec actions never taken: ")
                .append(actionsNeverTaken.isEmpty() ? "none" : String.join(", ", actionsNeverTaken)).append('\n');
        if (!uncoveredByAction.isEmpty()) {
            out.append("uncovered spec states, by the action that first reaches them: ").append(uncoveredByAction
                    .entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))).append('\n');
        }
        return out.toString();
    }
}

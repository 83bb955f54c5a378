package dev.lockstep.refinement;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How much of the spec's reachable graph an implementation exploration covered.
 *
 * @param statesOutside abstract states the implementation visited that the graph does not hold (possible only when
 *     the configuration's constraints cut the graph: the refinement check already proved every step a spec step)
 * @param actionsNeverTaken spec actions that label a transition of the graph but allowed no implementation step
 * @param uncoveredFrontier uncovered states first reached (in the graph's breadth-first search) from a covered state:
 *     where the implementation's behaviour departs from the spec's, every other uncovered state lies beyond one
 * @param frontierByOtherChoice those of them whose action instance the implementation took from the same covered
 *     state, to another state: the spec's action has a choice there that the implementation made otherwise
 * @param frontierActionNotTakenThere the rest, by the action that reaches them: the implementation never took that
 *     action instance from that state
 */
public record CoverageReport(
        int specStates,
        int coveredStates,
        int statesOutside,
        int specTransitions,
        int coveredTransitions,
        int transitionsOutside,
        ImmutableSortedSet<String> actionsNeverTaken,
        ImmutableSortedMap<String, Integer> uncoveredByAction,
        int uncoveredFrontier,
        int frontierByOtherChoice,
        ImmutableSortedMap<String, Integer> frontierActionNotTakenThere) {

    public static CoverageReport of(ReachableGraph graph, ExplorationCoverage explored) {
        Map<String, Integer> uncovered = new TreeMap<>();
        boolean[] covered = new boolean[graph.stateCount()];
        for (int i = 0; i < graph.stateCount(); i++) {
            covered[i] = explored.states().contains(graph.state(i));
            if (!covered[i]) {
                uncovered.merge(graph.discoveredBy(i), 1, Integer::sum);
            }
        }
        // The action instances the implementation took from each covered state.
        Map<Integer, Set<ActionInstance>> taken = new HashMap<>();
        for (StatePair t : explored.transitions()) {
            int from = graph.indexOf(t.from());
            if (from >= 0) {
                taken.computeIfAbsent(from, k -> new HashSet<>()).addAll(graph.actionsOf(t));
            }
        }
        int frontier = 0;
        int otherChoice = 0;
        Map<String, Integer> notTaken = new TreeMap<>();
        for (int i = 0; i < graph.stateCount(); i++) {
            int parent = graph.discoveredFrom(i);
            if (covered[i] || parent < 0 || !covered[parent]) {
                continue;
            }
            frontier++;
            ActionInstance action = graph.discoveredWith(i).orElseThrow();
            if (taken.getOrDefault(parent, Set.of()).contains(action)) {
                otherChoice++;
            } else {
                notTaken.merge(action.name(), 1, Integer::sum);
            }
        }
        int coveredStates = (int) explored.states().stream().filter(graph::contains).count();
        int coveredTransitions = (int) explored.transitions().stream().filter(graph::contains).count();
        ImmutableSortedSet<String> never = graph.actionNames().stream()
                .filter(a -> !explored.actionsTaken().contains(a))
                .collect(ImmutableSortedSet.toImmutableSortedSet(String::compareTo));
        return new CoverageReport(graph.stateCount(), coveredStates, explored.states().size() - coveredStates,
                graph.transitionCount(), coveredTransitions, explored.transitions().size() - coveredTransitions,
                never, ImmutableSortedMap.copyOf(uncovered), frontier, otherChoice, ImmutableSortedMap.copyOf(notTaken));
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
            out.append(String.format(Locale.ROOT, "uncovered states next to covered ones: %d; from the covered state,"
                    + " the implementation took the same action instance elsewhere for %d of them (the spec's action"
                    + " has a choice there that the implementation made otherwise)", uncoveredFrontier,
                    frontierByOtherChoice));
            if (!frontierActionNotTakenThere.isEmpty()) {
                out.append("; it never took that action instance there for: ").append(frontierActionNotTakenThere
                        .entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
            }
            out.append('\n');
        }
        return out.toString();
    }
}

package dev.lockstep.refinement;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import dev.lockstep.checker.value.HashMix;
import tlc2.tool.TLCState;

/**
 * The spec's reachable state graph for the loaded constants, explored breadth-first the way TLC's model checker does:
 * initial states and successors outside the configuration's {@code CONSTRAINT} / {@code ACTION_CONSTRAINT} are not
 * part of it. States are distinct by value (no {@code SYMMETRY} or {@code VIEW} reduction), so the state count equals
 * TLC's "distinct states found" for a configuration without those.
 *
 * <p>Transitions are distinct pairs of different states; a step of {@code Next} that leaves every variable unchanged
 * is not one (an implementation cannot be told apart from a stutter there).
 */
public final class ReachableGraph {
    /** A transition between the states with these indices (see {@link #state(int)}). */
    public record Edge(int from, int to) {
        /** A record's {@code 31 * from + to} collides all over a graph's dense indices: mixed instead. */
        @Override
        public int hashCode() {
            return HashMix.entry(from, to);
        }
    }

    private final ImmutableList<SpecState> states;
    private final ImmutableMap<SpecState, Integer> index;
    /** Each transition with the action instances that allow it. */
    private final ImmutableMap<Edge, ImmutableSet<ActionInstance>> edges;
    private final ImmutableSortedSet<String> actionNames;
    private final int depth;

    /** The state each state was first reached from, -1 for an initial state; and by which action instance. */
    private final int[] discoveredFrom;
    /** Null for an initial state. */
    private final ActionInstance[] discoveredWith;

    private ReachableGraph(List<SpecState> states, Map<Edge, Set<ActionInstance>> edges, Set<String> actionNames,
            List<Integer> discoveredFrom, List<ActionInstance> discoveredWith, int depth) {
        this.states = ImmutableList.copyOf(states);
        ImmutableMap.Builder<SpecState, Integer> idx = ImmutableMap.builder();
        for (int i = 0; i < states.size(); i++) {
            idx.put(states.get(i), i);
        }
        this.index = idx.buildOrThrow();
        // Few distinct label sets: share one immutable copy of each.
        Map<Set<ActionInstance>, ImmutableSet<ActionInstance>> labels = new HashMap<>();
        ImmutableMap.Builder<Edge, ImmutableSet<ActionInstance>> e = ImmutableMap.builderWithExpectedSize(edges.size());
        edges.forEach((edge, actions) -> e.put(edge, labels.computeIfAbsent(actions, ImmutableSet::copyOf)));
        this.edges = e.buildOrThrow();
        this.actionNames = ImmutableSortedSet.copyOf(actionNames);
        this.discoveredFrom = discoveredFrom.stream().mapToInt(Integer::intValue).toArray();
        this.discoveredWith = discoveredWith.toArray(new ActionInstance[0]);
        this.depth = depth;
    }

    /**
     * Explores the whole reachable graph.
     *
     * @throws IllegalStateException when it has more than {@code maxStates} states
     */
    public static ReachableGraph explore(SpecOracle oracle, int maxStates) {
        List<SpecState> states = new ArrayList<>();
        Map<SpecState, Integer> index = new HashMap<>();
        Map<Edge, Set<ActionInstance>> edges = new LinkedHashMap<>();
        Set<String> actionNames = new TreeSet<>();
        List<Integer> discoveredFrom = new ArrayList<>();
        List<ActionInstance> discoveredWith = new ArrayList<>();
        Deque<TLCState> frontier = new ArrayDeque<>();
        for (TLCState init : oracle.initialTlcStates()) {
            if (oracle.inModel(init)) {
                indexOf(oracle.fromTlcState(init), init, states, index, frontier, maxStates);
                while (discoveredFrom.size() < states.size()) {
                    discoveredFrom.add(-1);
                    discoveredWith.add(null);
                }
            }
        }
        int depth = frontier.isEmpty() ? 0 : 1;
        int levelEnd = states.size();
        int expanded = 0;
        while (!frontier.isEmpty()) {
            TLCState s = frontier.poll();
            int from = expanded++;
            SpecState parent = states.get(from);
            for (int a = 0; a < oracle.actionCount(); a++) {
                for (TLCState t : oracle.nextStates(a, s)) {
                    if (!oracle.inModel(t) || !oracle.inModel(s, t)) {
                        continue;
                    }
                    int to = indexOf(oracle.fromTlcSuccessor(t, s, parent), t, states, index, frontier, maxStates);
                    ActionInstance action = oracle.actionInstance(a);
                    if (discoveredFrom.size() < states.size()) {
                        discoveredFrom.add(from);
                        discoveredWith.add(action);
                    }
                    if (to != from) {
                        edges.computeIfAbsent(new Edge(from, to), k -> new HashSet<>()).add(action);
                        actionNames.add(action.name());
                    }
                }
            }
            if (expanded == levelEnd && !frontier.isEmpty()) {
                depth++;
                levelEnd = states.size();
            }
        }
        return new ReachableGraph(states, edges, actionNames, discoveredFrom, discoveredWith, depth);
    }

    /**
     * The index of {@code state} (TLC's {@code t}), adding it (and queueing {@code t} for expansion) if new. States are
     * expanded in the order they are added, so a state's index is its position in the BFS queue.
     */
    private static int indexOf(SpecState state, TLCState t, List<SpecState> states, Map<SpecState, Integer> index,
            Deque<TLCState> frontier, int maxStates) {
        Integer existing = index.get(state);
        if (existing == null) {
            if (states.size() >= maxStates) {
                throw new IllegalStateException("the reachable graph has more than " + maxStates + " states");
            }
            existing = states.size();
            index.put(state, existing);
            states.add(state);
            frontier.add(t);
        }
        return existing;
    }

    /** The name {@link #discoveredBy} gives the initial states. */
    public static final String INIT = "Init";

    /** The action whose step first reached state {@code i} in the breadth-first search, or {@link #INIT}. */
    public String discoveredBy(int i) {
        return discoveredWith[i] == null ? INIT : discoveredWith[i].name();
    }

    /** The state whose step first reached state {@code i} in the breadth-first search; -1 for an initial state. */
    public int discoveredFrom(int i) {
        return discoveredFrom[i];
    }

    /** The action instance of that step; empty for an initial state. */
    public Optional<ActionInstance> discoveredWith(int i) {
        return Optional.ofNullable(discoveredWith[i]);
    }

    public int stateCount() {
        return states.size();
    }

    public int transitionCount() {
        return edges.size();
    }

    /** The number of BFS levels (TLC's "depth of the complete state graph search"). */
    public int depth() {
        return depth;
    }

    /** States in BFS order. */
    public ImmutableList<SpecState> states() {
        return states;
    }

    public SpecState state(int i) {
        return states.get(i);
    }

    public ImmutableSet<Edge> edges() {
        return edges.keySet();
    }

    /** The index of {@code state} in {@link #states()}, or -1 if the graph does not hold it. */
    public int indexOf(SpecState state) {
        Integer i = index.get(state);
        return i == null ? -1 : i;
    }

    /** The action instances that allow {@code transition}; empty if the graph does not hold it. */
    public ImmutableSet<ActionInstance> actionsOf(StatePair transition) {
        int from = indexOf(transition.from());
        int to = indexOf(transition.to());
        if (from < 0 || to < 0) {
            return ImmutableSet.of();
        }
        return actionsOf(new Edge(from, to));
    }

    /** The action instances that allow {@code edge}; empty if the graph does not hold it. */
    public ImmutableSet<ActionInstance> actionsOf(Edge edge) {
        return edges.getOrDefault(edge, ImmutableSet.of());
    }

    /** Names of the spec actions that label at least one transition. */
    public ImmutableSortedSet<String> actionNames() {
        return actionNames;
    }

    public boolean contains(SpecState state) {
        return index.containsKey(state);
    }

    public boolean contains(StatePair transition) {
        Integer from = index.get(transition.from());
        Integer to = index.get(transition.to());
        return from != null && to != null && edges.containsKey(new Edge(from, to));
    }
}

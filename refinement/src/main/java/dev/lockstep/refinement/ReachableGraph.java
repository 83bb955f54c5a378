package dev.lockstep.refinement;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    public record Edge(int from, int to) {}

    private final ImmutableList<SpecState> states;
    private final ImmutableMap<SpecState, Integer> index;
    private final ImmutableSet<Edge> edges;
    private final ImmutableSortedSet<String> actionNames;
    private final ImmutableList<String> discoveredBy;
    private final int depth;

    private ReachableGraph(List<SpecState> states, Set<Edge> edges, Set<String> actionNames,
            List<String> discoveredBy, int depth) {
        this.states = ImmutableList.copyOf(states);
        ImmutableMap.Builder<SpecState, Integer> idx = ImmutableMap.builder();
        for (int i = 0; i < states.size(); i++) {
            idx.put(states.get(i), i);
        }
        this.index = idx.buildOrThrow();
        this.edges = ImmutableSet.copyOf(edges);
        this.actionNames = ImmutableSortedSet.copyOf(actionNames);
        this.discoveredBy = ImmutableList.copyOf(discoveredBy);
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
        // Most successors were seen before; recognising them by TLC value saves converting them.
        Map<Object, Integer> tlcIndex = new HashMap<>();
        Set<Edge> edges = new LinkedHashSet<>();
        Set<String> actionNames = new TreeSet<>();
        List<String> discoveredBy = new ArrayList<>();
        Deque<TLCState> frontier = new ArrayDeque<>();
        for (TLCState init : oracle.initialTlcStates()) {
            if (oracle.inModel(init)) {
                indexOf(oracle, init, states, index, tlcIndex, frontier, maxStates);
                while (discoveredBy.size() < states.size()) {
                    discoveredBy.add(INIT);
                }
            }
        }
        int depth = frontier.isEmpty() ? 0 : 1;
        int levelEnd = states.size();
        int expanded = 0;
        while (!frontier.isEmpty()) {
            TLCState s = frontier.poll();
            int from = expanded++;
            for (int a = 0; a < oracle.actionCount(); a++) {
                for (TLCState t : oracle.nextStates(a, s)) {
                    if (!oracle.inModel(t) || !oracle.inModel(s, t)) {
                        continue;
                    }
                    int to = indexOf(oracle, t, states, index, tlcIndex, frontier, maxStates);
                    if (discoveredBy.size() < states.size()) {
                        discoveredBy.add(oracle.actionInstance(a).name());
                    }
                    if (to != from) {
                        edges.add(new Edge(from, to));
                        actionNames.add(oracle.actionInstance(a).name());
                    }
                }
            }
            if (expanded == levelEnd && !frontier.isEmpty()) {
                depth++;
                levelEnd = states.size();
            }
        }
        return new ReachableGraph(states, edges, actionNames, discoveredBy, depth);
    }

    /**
     * The index of state {@code t}, adding it (and queueing it for expansion) if new. States are expanded in the
     * order they are added, so a state's index is its position in the BFS queue. Distinctness is decided on the
     * converted values, so the TLC-level shortcut can only save work, never merge or split states.
     */
    private static int indexOf(SpecOracle oracle, TLCState t, List<SpecState> states,
            Map<SpecState, Integer> index, Map<Object, Integer> tlcIndex, Deque<TLCState> frontier,
            int maxStates) {
        Object key = oracle.tlcKey(t);
        Integer known = tlcIndex.get(key);
        if (known != null) {
            return known;
        }
        SpecState state = oracle.fromTlcState(t);
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
        tlcIndex.put(key, existing);
        return existing;
    }

    /** The name {@link #discoveredBy} gives the initial states. */
    public static final String INIT = "Init";

    /** The action whose step first reached state {@code i} in the breadth-first search, or {@link #INIT}. */
    public String discoveredBy(int i) {
        return discoveredBy.get(i);
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
        return edges;
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
        return from != null && to != null && edges.contains(new Edge(from, to));
    }
}

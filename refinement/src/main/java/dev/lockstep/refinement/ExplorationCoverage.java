package dev.lockstep.refinement;

import com.google.common.collect.ImmutableMultiset;
import com.google.common.collect.ImmutableSet;

/**
 * What checked implementation behaviours exercised: the distinct abstract states they visited, the distinct
 * non-stuttering abstract transitions they took, and for each spec action (by name) how many of those distinct
 * transitions it allows.
 */
public record ExplorationCoverage(
        long behaviours,
        long steps,
        long stutters,
        ImmutableSet<SpecState> states,
        ImmutableSet<StatePair> transitions,
        ImmutableMultiset<String> actionsTaken) {}

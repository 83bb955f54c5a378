package dev.lockstep.refinement;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableMultiset;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.checker.value.TlaValue;

/**
 * What checked implementation behaviours exercised: the distinct abstract states they visited, the distinct
 * non-stuttering abstract transitions they took, and for each spec action (by name) how many of those distinct
 * transitions it allows.
 */
public record ExplorationCoverage(
        long behaviours,
        long steps,
        long stutters,
        ImmutableSet<ImmutableMap<String, TlaValue>> states,
        ImmutableSet<StatePair> transitions,
        ImmutableMultiset<String> actionsTaken) {}

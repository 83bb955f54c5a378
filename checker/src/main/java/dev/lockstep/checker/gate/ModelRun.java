package dev.lockstep.checker.gate;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One TLC run of the gate. All checks of a variant that must hold share one run (TLC checks every invariant and
 * property of a cfg together, and reports the first that fails); every check that must be violated gets a run of its
 * own, so that each violation is found and its counterexample is the shortest one for that property alone.
 */
public record ModelRun(ProtocolModels models, String variant, ImmutableList<Expectation> checks) {

    public ModelRun {
        checkArgument(!checks.isEmpty(), "a run needs a check");
        checkArgument(checks.stream().allMatch(c -> c.variant().equals(variant)), "checks of another variant");
        checkArgument(checks.size() == 1 || checks.stream().noneMatch(c -> c.expected().isViolation()),
                "an expected violation needs a run of its own");
    }

    public boolean expectsViolation() {
        return checks.get(0).expected().isViolation();
    }

    public boolean checksDeadlock() {
        return checks.stream().anyMatch(c -> c.kind() == CheckKind.DEADLOCK);
    }

    /** E.g. {@code dax/inode-trylock [TypeOK, PoolConsistent]}. */
    public String describe() {
        return models.protocol() + "/" + variant + " ["
                + checks.stream().map(Expectation::checkName).collect(Collectors.joining(", ")) + "]";
    }

    /** The runs for a protocol, in the order of its expectations file: per variant, the holds run first. */
    public static ImmutableList<ModelRun> plan(ProtocolModels models) {
        Map<String, ImmutableList.Builder<Expectation>> holding = new LinkedHashMap<>();
        Map<String, ImmutableList.Builder<ModelRun>> violating = new LinkedHashMap<>();
        for (Expectation e : models.expectations()) {
            holding.computeIfAbsent(e.variant(), v -> ImmutableList.builder());
            violating.computeIfAbsent(e.variant(), v -> ImmutableList.builder());
            if (e.expected().isViolation()) {
                violating.get(e.variant()).add(new ModelRun(models, e.variant(), ImmutableList.of(e)));
            } else {
                holding.get(e.variant()).add(e);
            }
        }
        ImmutableList.Builder<ModelRun> runs = ImmutableList.builder();
        holding.forEach((variant, checks) -> {
            ImmutableList<Expectation> holds = checks.build();
            if (!holds.isEmpty()) {
                runs.add(new ModelRun(models, variant, holds));
            }
            runs.addAll(violating.get(variant).build());
        });
        return runs.build();
    }
}

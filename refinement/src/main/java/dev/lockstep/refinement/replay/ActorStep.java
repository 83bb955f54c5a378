package dev.lockstep.refinement.replay;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of an interleaving: {@code actor} takes its next spec step, choosing its {@code alternative}-th enabled
 * implementation alternative (0 = the first; an in-flight plain access comes before the actor's next operation) at
 * every implementation step on the way. An alternative the implementation does not offer falls back to the last one.
 */
public record ActorStep(String actor, int alternative) {
    public ActorStep {
        Objects.requireNonNull(actor, "actor");
        checkArgument(alternative >= 0, "negative alternative %s", alternative);
    }

    /**
     * The interleaving a replay followed: per planned step its actor, with the alternative the implementation step
     * that reached the planned state took (0 for steps the replay did not reach).
     */
    public static ImmutableList<ActorStep> of(ReplayResult replay) {
        int[] alternative = new int[replay.plan().steps().size()];
        for (ImplStep s : replay.steps()) {
            if (s.reached() > 0) {
                alternative[s.reached() - 1] = s.alternative();
            }
        }
        ImmutableList.Builder<ActorStep> out = ImmutableList.builder();
        for (int i = 0; i < alternative.length; i++) {
            out.add(new ActorStep(replay.plan().steps().get(i).actor(), alternative[i]));
        }
        return out.build();
    }

    /** {@code interleaving}, then one spec step of each of {@code actors} in order, each its first alternative. */
    public static ImmutableList<ActorStep> then(List<ActorStep> interleaving, String... actors) {
        ImmutableList.Builder<ActorStep> out = ImmutableList.<ActorStep>builder().addAll(interleaving);
        for (String a : actors) {
            out.add(new ActorStep(a, 0));
        }
        return out.build();
    }

    @Override
    public String toString() {
        return alternative == 0 ? actor : actor + "#" + alternative;
    }
}

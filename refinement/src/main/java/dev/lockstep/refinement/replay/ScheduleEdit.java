package dev.lockstep.refinement.replay;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A small change to an interleaving, for exploring its neighbourhood: swap two adjacent entries of different actors,
 * insert a step of some actor, or drop an entry. Positions wrap around the current length, so any integers give a
 * valid edit (handy for generators).
 */
public sealed interface ScheduleEdit {
    ImmutableList<ActorStep> applyTo(List<ActorStep> schedule);

    /** Swaps entries {@code at} and {@code at + 1}; a no-op when both are the same actor. */
    record Swap(int at) implements ScheduleEdit {
        @Override
        public ImmutableList<ActorStep> applyTo(List<ActorStep> schedule) {
            List<ActorStep> out = new ArrayList<>(schedule);
            if (out.size() >= 2) {
                int i = Math.floorMod(at, out.size() - 1);
                if (!out.get(i).actor().equals(out.get(i + 1).actor())) {
                    out.set(i, schedule.get(i + 1));
                    out.set(i + 1, schedule.get(i));
                }
            }
            return ImmutableList.copyOf(out);
        }
    }

    /** Inserts a step of {@code actor} (first alternative) before entry {@code at} (or at the end). */
    record Insert(int at, String actor) implements ScheduleEdit {
        @Override
        public ImmutableList<ActorStep> applyTo(List<ActorStep> schedule) {
            List<ActorStep> out = new ArrayList<>(schedule);
            out.add(Math.floorMod(at, out.size() + 1), new ActorStep(actor, 0));
            return ImmutableList.copyOf(out);
        }
    }

    /** Drops entry {@code at}. */
    record Drop(int at) implements ScheduleEdit {
        @Override
        public ImmutableList<ActorStep> applyTo(List<ActorStep> schedule) {
            List<ActorStep> out = new ArrayList<>(schedule);
            if (!out.isEmpty()) {
                out.remove(Math.floorMod(at, out.size()));
            }
            return ImmutableList.copyOf(out);
        }
    }

    /** Applies {@code edits} in order. */
    static ImmutableList<ActorStep> applyAll(List<ActorStep> schedule, List<? extends ScheduleEdit> edits) {
        ImmutableList<ActorStep> out = ImmutableList.copyOf(schedule);
        for (ScheduleEdit e : edits) {
            out = e.applyTo(out);
        }
        return out;
    }

    /**
     * Every distinct interleaving one edit away from {@code schedule} (not {@code schedule} itself), in a fixed
     * order: swaps, drops, then inserts of each of {@code actors} at each position.
     */
    static ImmutableList<ImmutableList<ActorStep>> neighbours(List<ActorStep> schedule, List<String> actors) {
        List<ScheduleEdit> edits = new ArrayList<>();
        for (int i = 0; i + 1 < schedule.size(); i++) {
            edits.add(new Swap(i));
        }
        for (int i = 0; i < schedule.size(); i++) {
            edits.add(new Drop(i));
        }
        for (int i = 0; i <= schedule.size(); i++) {
            for (String a : actors) {
                edits.add(new Insert(i, a));
            }
        }
        Set<ImmutableList<ActorStep>> out = new LinkedHashSet<>();
        for (ScheduleEdit e : edits) {
            ImmutableList<ActorStep> n = e.applyTo(schedule);
            if (!n.equals(schedule)) {
                out.add(n);
            }
        }
        return ImmutableList.copyOf(out);
    }
}

package dev.lockstep.refinement.replay;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.quicktheories.core.Gen;

/** QuickTheories generators of interleavings near a given one: a few swaps, inserts and drops. */
public final class NeighbourEdits {
    private NeighbourEdits() {}

    public static Gen<ScheduleEdit> edits(List<String> actors) {
        return integers().between(0, 2).zip(integers().between(0, 63), integers().between(0, actors.size() - 1),
                (kind, at, actor) -> switch (kind) {
                    case 0 -> new ScheduleEdit.Swap(at);
                    case 1 -> new ScheduleEdit.Insert(at, actors.get(actor));
                    default -> new ScheduleEdit.Drop(at);
                });
    }

    /** Lists of 1 to {@code maxEdits} edits; apply them with {@link ScheduleEdit#applyAll}. */
    public static Gen<List<ScheduleEdit>> editLists(List<String> actors, int maxEdits) {
        return lists().of(edits(actors)).ofSizeBetween(1, maxEdits);
    }
}

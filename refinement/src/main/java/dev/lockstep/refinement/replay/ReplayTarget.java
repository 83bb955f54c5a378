package dev.lockstep.refinement.replay;

import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.refinement.SpecState;

/**
 * An implementation to replay schedules on: each {@link #start} builds a fresh instance on a fresh scheduler, so the
 * same schedule always gives the same execution.
 */
@FunctionalInterface
public interface ReplayTarget {
    /** Spawns a fresh instance's tasks on {@code scheduler} (not yet running) and returns a view of its state. */
    Instance start(Scheduler scheduler);

    /** The state of one running instance; read between steps only (from a schedule or a step listener). */
    interface Instance {
        /** The state under the refinement mapping: a value for every spec variable. */
        SpecState abstractState();

        /**
         * The complete state, including what the mapping hides (list orders, queued waiters): two equal values and
         * the same schedule from there give the same execution. Used to show that a lasso really cycles.
         */
        default Object exactState() {
            return abstractState();
        }

        /** How the checked safety property is violated in the current state; empty while it holds. */
        default ImmutableList<String> violations() {
            return ImmutableList.of();
        }
    }
}

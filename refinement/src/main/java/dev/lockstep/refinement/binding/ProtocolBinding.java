package dev.lockstep.refinement.binding;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.gate.StepActors;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.impl.runtime.LockOrder;
import dev.lockstep.impl.runtime.MemoryModel;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.Optional;

/**
 * Everything Lockstep needs to know of one protocol's Java model to check it against its spec: the rest (refinement
 * at every step, exploration and coverage, counterexample replays, their gate stages and JUnit factories) is written
 * once in this package. One implementation per protocol, listed in
 * {@code META-INF/services/dev.lockstep.refinement.binding.ProtocolBinding}.
 *
 * <p>The spec module is the one {@code specs/<protocol>/expectations.txt} names; a variant's model is
 * {@code specs/<protocol>/<variant>.cfg}, and its {@code Variant} constant is the variant's name (or, for a model
 * such as {@code upstream-lkmm}, the variant it runs under the LKMM's reorderings).
 *
 * @param <C> the Java model's configuration: which tasks do what, from which initial state
 */
public interface ProtocolBinding<C> {
    /** The folder under {@code specs/} and {@code counterexamples/}, e.g. {@code syncfs}. */
    String protocol();

    /**
     * The spec's models ({@code specs/<protocol>/<model>.cfg}) that the Java model implements: for each of the spec's
     * variants (values of its {@code Variant} constant) the model named after it, and any model of one of them under
     * the LKMM's reorderings (syncfs: {@code upstream-lkmm}).
     */
    ImmutableList<String> variants();

    /** The variant whose design fixes the bug that a counterexample of the variant {@code variant} shows. */
    String fixedVariant(String variant);

    /**
     * The Java configuration that replays {@code trace}, found by TLC with {@code constants}: the model's constants,
     * the trace's first state as the initial state, and whatever the spec chooses along the trace that the Java model
     * needs up front (e.g. which file range an access reads).
     *
     * @throws dev.lockstep.refinement.replay.CounterexampleFormatException if the trace does not fit the model
     */
    C configOf(SpecConstants constants, Trace trace);

    /** The starts the gate explores for {@code variant}: every schedule from each, refinement at every step. */
    ImmutableList<C> explorationStarts(String variant);

    /** Every start of the spec's model for {@code variant}: the opt-in full sweep. */
    ImmutableList<C> everyStart(String variant);

    /** The spec's model for {@code config}: TLC configuration text with its constants and {@code SPECIFICATION}. */
    String specConfig(C config);

    /** Builds a fresh model with {@code config} on {@code scheduler} and spawns its tasks. */
    ReplayTarget.Instance start(Scheduler scheduler, C config);

    /**
     * The memory model the gate runs this Java model with {@code config} under (exploration, replays). {@link
     * MemoryModel#SC} unless the spec's model of {@code config} ({@link #specConfig}) has a step of its own for every
     * reordering {@link MemoryModel#LKMM_SUBSET} makes: for each access left in flight and for the operation that
     * overtakes it (DaxReclaim: {@code CopyToUser}, {@code AtomicDecVisible}; SyncBucket with {@code Reorderings}:
     * {@code FuseSyncFsWritesAssign}, {@code FuseSyncFsWritesAtomicDecOldEarly}). Only then can refinement hold step
     * for step under the weaker model.
     */
    default MemoryModel memoryModel(C config) {
        return MemoryModel.SC;
    }

    /**
     * {@link #start} under {@code model}. A run under {@link MemoryModel#LKMM_SUBSET} of a configuration whose spec
     * model has no step for a reordering ({@link #memoryModel} is SC) fails at its first reordering, naming it: such a
     * run is not checked against a spec that cannot express it. Until a reordering happens it runs as under SC.
     */
    default ReplayTarget.Instance start(MemoryModel model, Scheduler scheduler, C config) {
        scheduler.useMemoryModel(model);
        if (model == MemoryModel.LKMM_SUBSET && memoryModel(config) == MemoryModel.SC) {
            scheduler.addListener((step, task, label) -> {
                if (scheduler.stepReordered()) {
                    throw new IllegalStateException("step " + step + " " + task + ": " + label
                            + " took effect before its task's in-flight access, and the " + protocol()
                            + " spec model of " + config + " has no step for a reordering: check it under sc");
                }
            });
        }
        return start(scheduler, config);
    }

    /** Every actor of {@code config}, tasks and kernel threads, as interleavings name them. */
    ImmutableList<String> actors(C config);

    /** The actors of {@code s} still inside an operation: what a lasso leaves undone. */
    ImmutableList<String> busyTasks(SpecState s);

    /** Who took the step between two states of a trace; by default the one whose {@code pc} entry changed. */
    default String actor(TraceState before, TraceState after) {
        return StepActors.actor(before, after);
    }

    /**
     * Why runs of {@code config} cannot show that a property holds on a fixed variant, if they cannot (e.g. a task that
     * starts operations forever: no run ends, and liveness is not judged on finite runs).
     */
    default Optional<String> whyRunsNeverEnd(C config) {
        return Optional.empty();
    }

    /**
     * Why the Java model leaves spec states uncovered, printed under the coverage: where it (like the kernel) is more
     * deterministic than the spec. Empty if unknown.
     */
    default String whyNotCovered() {
        return "";
    }

    /** Readable detail of why {@code invariant} is FALSE in {@code s} (never a verdict of its own); "" for none. */
    default String explain(String invariant, SpecState s) {
        return "";
    }

    /** The protocol's documented lock order, which every observed dependency of a deadlock-free variant keeps. */
    default LockOrder lockOrder() {
        return LockOrder.none();
    }

    /**
     * Why lockdep reports a cycle for {@code variant} although its spec finds no deadlock, if it does: a dependency the
     * model's runs make but whose deadlock needs an actor the model leaves out. Empty for most variants.
     */
    default Optional<String> whyLockdepReports(String variant) {
        return Optional.empty();
    }
}

package dev.lockstep.refinement.syncfs;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.impl.runtime.MemoryModel;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.syncfs.FuseSyncfs;
import dev.lockstep.impl.syncfs.SyncfsConfig;
import dev.lockstep.impl.syncfs.SyncfsVariant;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.binding.MappedInstance;
import dev.lockstep.refinement.binding.ProtocolBinding;
import dev.lockstep.refinement.replay.CounterexampleFormatException;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.Arrays;

/** The FUSE syncfs write-bucket model ({@code impl/.../syncfs}) bound to specs/syncfs/SyncBucket.tla. */
public final class SyncfsBinding implements ProtocolBinding<SyncfsConfig> {
    /** The spec's models: two writeback tasks, two syncfs tasks. */
    static final ImmutableList<String> WRITERS = ImmutableList.of("w1", "w2");
    static final ImmutableList<String> SYNCERS = ImmutableList.of("s1", "s2");
    /** The suffix of a variant's model under the LKMM's reordering (specs/syncfs/upstream-lkmm.cfg). */
    static final String LKMM = "-lkmm";

    @Override
    public String protocol() {
        return "syncfs";
    }

    @Override
    public ImmutableList<String> variants() {
        return ImmutableList.<String>builder().addAll(Arrays.stream(SyncfsVariant.values())
                .map(SyncfsVariant::specName).iterator())
                .addAll(Arrays.stream(SyncfsVariant.values()).filter(SyncfsVariant::decrementsAfterUnlock)
                        .map(v -> v.specName() + LKMM).iterator()).build();
    }

    /** Upstream fixed each bug of the other variants. */
    @Override
    public String fixedVariant(String variant) {
        SyncfsVariant.of(variant);
        return SyncfsVariant.UPSTREAM.specName();
    }

    /** The spec's initial state is fixed by its constants: nothing to take from the trace. */
    @Override
    public SyncfsConfig configOf(SpecConstants constants, Trace trace) {
        try {
            return new SyncfsConfig(SyncfsVariant.of(constants.string("Variant")), constants.strings("Writers"),
                    constants.strings("Syncers")).withReorderings(constants.strings("Reorderings").stream()
                    .collect(ImmutableSet.toImmutableSet()));
        } catch (IllegalArgumentException e) {
            throw new CounterexampleFormatException("the trace does not fit the Java model: " + e.getMessage(), e);
        }
    }

    /** The spec's own model: every interleaving starts from the one initial state. */
    @Override
    public ImmutableList<SyncfsConfig> explorationStarts(String variant) {
        if (variant.endsWith(LKMM)) {
            SyncfsVariant v = SyncfsVariant.of(variant.substring(0, variant.length() - LKMM.length()));
            return ImmutableList.of(new SyncfsConfig(v, WRITERS, SYNCERS)
                    .withReorderings(ImmutableSet.of(SyncfsConfig.DEC_OVERTAKES_ASSIGN)));
        }
        return ImmutableList.of(new SyncfsConfig(SyncfsVariant.of(variant), WRITERS, SYNCERS));
    }

    @Override
    public ImmutableList<SyncfsConfig> everyStart(String variant) {
        return explorationStarts(variant);
    }

    @Override
    public String specConfig(SyncfsConfig config) {
        return SyncfsRefinementMapping.specConfig(config);
    }

    /**
     * Under the spec's {@code Reorderings} the LKMM-approximating model, whose one reordering in this model is {@code
     * FuseSyncFsWritesAtomicDecOldEarly}; else SC.
     */
    @Override
    public MemoryModel memoryModel(SyncfsConfig config) {
        return config.reorderings().isEmpty() ? MemoryModel.SC : MemoryModel.LKMM_SUBSET;
    }

    @Override
    public ReplayTarget.Instance start(Scheduler scheduler, SyncfsConfig config) {
        FuseSyncfs fs = FuseSyncfs.spawn(scheduler, config);
        // The spec state is all later steps depend on: the kernel locals it leaves out are dead.
        return new MappedInstance(scheduler, () -> SyncfsRefinementMapping.toSpec(fs));
    }

    @Override
    public ImmutableList<String> actors(SyncfsConfig config) {
        return ImmutableList.<String>builder().addAll(config.writers()).addAll(config.syncers())
                .add(SyncfsConfig.SERVER).add(Scheduler.RCU).build();
    }

    @Override
    public String whyNotCovered() {
        return "a waker holds b->waitq's lock from WakeUp to WakeUpUnlock (spin_lock_irqsave in __wake_up), which the"
                + " spec does not model: a second waker of the same queue (plain-inc, whose resurrected bucket can"
                + " drain to 0 twice), and a syncfs queueing on it, wait for the unlock in the kernel and in the Java"
                + " model, where the spec lets them go on.";
    }

    /** Tasks whose {@code pc} is neither {@code "idle"} nor {@code "done"} (the server and RCU count steps). */
    @Override
    public ImmutableList<String> busyTasks(SpecState s) {
        return ((TlaFunction) s.get("pc")).asMap().entrySet().stream()
                .filter(e -> e.getValue() instanceof TlaString p && !p.value().equals("idle")
                        && !p.value().equals("done"))
                .map(e -> ((TlaString) e.getKey()).value()).collect(ImmutableList.toImmutableList());
    }
}

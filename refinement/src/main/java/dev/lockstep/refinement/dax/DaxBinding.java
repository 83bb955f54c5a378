package dev.lockstep.refinement.dax;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxVariant;
import dev.lockstep.impl.dax.FuseDax;
import dev.lockstep.impl.runtime.DaxEntryLock;
import dev.lockstep.impl.runtime.LockOrder;
import dev.lockstep.impl.runtime.MemoryModel;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.binding.MappedInstance;
import dev.lockstep.refinement.binding.ProtocolBinding;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The virtiofs DAX reclaim model ({@code impl/.../dax}) bound to specs/dax/DaxReclaim.tla. */
public final class DaxBinding implements ProtocolBinding<DaxConfig> {
    @Override
    public String protocol() {
        return "dax";
    }

    @Override
    public ImmutableList<String> variants() {
        return Arrays.stream(DaxVariant.values()).map(DaxVariant::specName).collect(ImmutableList.toImmutableList());
    }

    @Override
    public String fixedVariant(String variant) {
        return switch (DaxVariant.of(variant)) {
            case INODE_TRYLOCK, REFCOUNT_RELAXED, REFCOUNT_UPSTREAM -> DaxVariant.REFCOUNT_UPSTREAM.specName();
            case FAULT_INLINE_RECLAIM, FAULT_WAIT_RETRY -> DaxVariant.FAULT_WAIT_RETRY.specName();
        };
    }

    /**
     * fs/fuse/dax.c (torvalds/linux at 0dc6a06c4843): lookup_and_reclaim_dmap's "Locking: 1. Take
     * mapping->invalidate_lock to block dax faults. 2. Take fi->dax->sem", fuse_setup_one_mapping's fcd->lock under
     * fi->dax->sem; the spec's header puts i_rwsem first and the DAX entry of dax_iomap_fault between invalidate_lock
     * and fi->dax->sem. And alloc_dax_mapping_reclaim's "a deadlock is possible if we sleep with
     * mapping->invalidate_lock held and worker to free memory can't make progress due to unavailability of
     * mapping->invalidate_lock": fcd->range_waitq comes before invalidate_lock, and before what the worker holds with
     * it when it frees a range and wakes the queue (fi->dax->sem, fcd->lock; a fault's DAX entry sits between them).
     * Where the queue stands to i_rwsem dax.c does not say (upstream reads may sleep under i_rwsem, and a read that
     * frees the range it no longer needs wakes the queue under it), so no chain relates them.
     */
    @Override
    public LockOrder lockOrder() {
        return LockOrder.of("fs/fuse/dax.c comments and locking (torvalds/linux 0dc6a06c4843); specs/dax/DaxReclaim.tla"
                + " header", "inode->i_rwsem", "mapping->invalidate_lock", DaxEntryLock.LOCK_CLASS, "fi->dax->sem",
                "fcd->lock").and("fcd->range_waitq", "mapping->invalidate_lock", DaxEntryLock.LOCK_CLASS,
                "fi->dax->sem", "fcd->lock");
    }

    @Override
    public DaxConfig configOf(SpecConstants constants, Trace trace) {
        return DaxTraceConfig.of(trace, constants);
    }

    /**
     * Every start: explored with one set of visited states, each start after the first soon meets states explored
     * before, so all 180 cost little more than the few dozen that reach most states first, and only all of them reach
     * 90 % of the spec's states on every variant.
     */
    @Override
    public ImmutableList<DaxConfig> explorationStarts(String variant) {
        return everyStart(variant);
    }

    @Override
    public ImmutableList<DaxConfig> everyStart(String variant) {
        return DaxModels.configs(DaxVariant.of(variant), DaxModels.everyStart());
    }

    @Override
    public String specConfig(DaxConfig config) {
        return DaxRefinementMapping.specConfig(config);
    }

    @Override
    public ReplayTarget.Instance start(Scheduler scheduler, DaxConfig config) {
        FuseDax dax = FuseDax.spawn(scheduler, config);
        return new MappedInstance(scheduler, () -> DaxRefinementMapping.toSpec(dax),
                spec -> DaxRefinementMapping.exactState(dax, spec));
    }

    /**
     * The weaker model: DaxReclaim has a step of its own for the copy's loads ({@code CopyToUser}, {@code
     * VmfInsertMixed}: the plain access performing) and for a decrement that overtakes them ({@code
     * AtomicDecVisible}), which is seed 000's question. Only {@code refcount-relaxed}'s {@code atomic_dec} can overtake
     * (every other operation after a window access is a release), so the other variants run as under SC.
     */
    @Override
    public MemoryModel memoryModel(DaxConfig config) {
        return MemoryModel.LKMM_SUBSET;
    }

    @Override
    public ImmutableList<String> actors(DaxConfig config) {
        return ImmutableList.<String>builder().addAll(config.readers().keySet()).addAll(config.faulters().keySet())
                .add(DaxConfig.WORKER).build();
    }

    /**
     * For NoReclaimWhileInUse: each task whose iomap->private window no longer maps the range it was looked up for,
     * and what it maps now (which tasks count as using the window is the spec's to say, not repeated here).
     */
    @Override
    public String explain(String invariant, SpecState s) {
        if (!invariant.equals("NoReclaimWhileInUse")) {
            return "";
        }
        TlaFunction pc = (TlaFunction) s.get("pc");
        TlaFunction dmapInode = (TlaFunction) s.get("dmapInode");
        TlaFunction dmapStart = (TlaFunction) s.get("dmapStart");
        TlaFunction taskInode = (TlaFunction) s.get("taskInode");
        TlaFunction taskRange = (TlaFunction) s.get("taskRange");
        List<String> uses = new ArrayList<>();
        ((TlaFunction) s.get("iomapPrivate")).asMap().forEach((task, dmap) -> {
            String at = ((TlaString) pc.apply(task)).value();
            if (dmapInode.domain().contains(dmap) && !(dmapInode.apply(dmap).equals(taskInode.apply(task))
                    && dmapStart.apply(dmap).equals(taskRange.apply(task)))) {
                uses.add(((TlaString) task).value() + " at " + at + " uses " + ((TlaString) dmap).value()
                        + " for " + ((TlaString) taskInode.apply(task)).value() + "@" + taskRange.apply(task)
                        + ", which maps "
                        + ((TlaString) dmapInode.apply(dmap)).value() + "@" + dmapStart.apply(dmap));
            }
        });
        return String.join("; ", uses);
    }

    @Override
    public String whyNotCovered() {
        return "the spec's lists are sets and its lookups pick any candidate; the kernel, and so the Java model,"
                + " takes the head of fcd->free_ranges (alloc_dax_mapping), the first unused range in busy-list order"
                + " (try_to_free_dmap_chunks, whose list_move_tail reorders the list) and the first unused range in"
                + " tree order (inode_lookup_first_dmap). The starts cover both initial list orders. The line above checks"
                + " it where coverage stops: there the Java model took the same action instance from the same state to"
                + " another state, i.e. made the spec's choice otherwise.";
    }

    @Override
    public Optional<String> whyRunsNeverEnd(DaxConfig config) {
        return config.endless().isEmpty() ? Optional.empty()
                : Optional.of("endless tasks " + config.endless() + " read forever");
    }

    /** Tasks whose {@code pc} is not {@code "idle"}: accesses under way (the worker is never done). */
    @Override
    public ImmutableList<String> busyTasks(SpecState s) {
        return ((TlaFunction) s.get("pc")).asMap().entrySet().stream()
                .filter(e -> !e.getKey().equals(TlaString.of(DaxConfig.WORKER))
                        && !e.getValue().equals(TlaString.of("idle")))
                .map(e -> ((TlaString) e.getKey()).value()).collect(ImmutableList.toImmutableList());
    }
}

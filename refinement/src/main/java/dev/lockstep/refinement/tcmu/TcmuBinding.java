package dev.lockstep.refinement.tcmu;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.runtime.LockOrder;
import dev.lockstep.impl.runtime.PageLock;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.tcmu.TargetCoreUser;
import dev.lockstep.impl.tcmu.TcmuConfig;
import dev.lockstep.impl.tcmu.TcmuVariant;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.binding.MappedInstance;
import dev.lockstep.refinement.binding.ProtocolBinding;
import dev.lockstep.refinement.replay.CounterexampleFormatException;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The tcmu data-area model ({@code impl/.../tcmu}) bound to specs/tcmu/TcmuFault.tla. */
public final class TcmuBinding implements ProtocolBinding<TcmuConfig> {
    /** The spec's models: two faulting threads. */
    static final ImmutableList<String> FAULTS = ImmutableList.of("f1", "f2");
    /** alloc_page hands out the just-freed p1 first (a per-CPU list's hot page), or p2. */
    static final ImmutableList<ImmutableList<String>> ALLOCATION_ORDERS =
            ImmutableList.of(ImmutableList.of("p1", "p2"), ImmutableList.of("p2", "p1"));

    @Override
    public String protocol() {
        return "tcmu";
    }

    @Override
    public ImmutableList<String> variants() {
        return Arrays.stream(TcmuVariant.values()).map(TcmuVariant::specName).collect(ImmutableList.toImmutableList());
    }

    /**
     * pre-2022's races are fixed upstream; seed 002 as posted is made safe by putting its lock swap on upstream; the
     * zero-copy deadlock is gone with seed 002's locking. The others are their own fix (their counterexamples are
     * witnesses, never checked on a fixed variant).
     */
    @Override
    public String fixedVariant(String variant) {
        return switch (TcmuVariant.of(variant)) {
            case PRE_2022, UPSTREAM -> TcmuVariant.UPSTREAM.specName();
            case SEED_002_SERIES, INVALIDATE_LOCK -> TcmuVariant.INVALIDATE_LOCK.specName();
            case ZERO_COPY_CMDR, ZERO_COPY_INVALIDATE -> TcmuVariant.ZERO_COPY_INVALIDATE.specName();
            case ZERO_COPY_CMDR_NO_MUNMAP -> TcmuVariant.ZERO_COPY_CMDR_NO_MUNMAP.specName();
        };
    }

    /**
     * mm/filemap.c's lock-ordering comment: "->mmap_lock ->invalidate_lock (filemap_fault) ->lock_page". No comment of
     * target_core_user.c states where cmdr_lock stands: upstream's fault takes it under the fault's mmap_lock, the
     * zero-copy RFC's completion takes mmap_lock under it; lockdep's cycles judge that pair, not a declared order.
     */
    @Override
    public LockOrder lockOrder() {
        return LockOrder.of("mm/filemap.c lock ordering comment", "mm->mmap_lock", "mapping->invalidate_lock",
                PageLock.LOCK_CLASS);
    }

    /**
     * Without the munmap the model has no writer on mmap_lock, so its two readers cannot deadlock; lockdep, which takes
     * down_read as a non-recursive read because any writer (munmap, mprotect) queued between them blocks the second,
     * reports the ABBA all the same, as the kernel's would.
     */
    @Override
    public Optional<String> whyLockdepReports(String variant) {
        return TcmuVariant.of(variant) == TcmuVariant.ZERO_COPY_CMDR_NO_MUNMAP
                ? Optional.of("mmap_lock read under cmdr_lock and cmdr_lock under mmap_lock read: a deadlock once a"
                        + " writer queues on mmap_lock, which this model leaves out")
                : Optional.empty();
    }

    /**
     * The spec's constants, and the allocation order that gives the page the trace's tcmu_get_empty_block takes
     * (the first state where the slot is refilled); the just-freed page first if the trace refills nothing.
     */
    @Override
    public TcmuConfig configOf(SpecConstants constants, Trace trace) {
        try {
            ImmutableList<String> faults = constants.set("Faults").stream().map(TlaValue::toString)
                    .sorted().collect(ImmutableList.toImmutableList());
            return new TcmuConfig(TcmuVariant.of(constants.string("Variant")), faults, allocationOrder(trace));
        } catch (IllegalArgumentException e) {
            throw new CounterexampleFormatException("the trace does not fit the Java model: " + e.getMessage(), e);
        }
    }

    private static ImmutableList<String> allocationOrder(Trace trace) {
        List<TraceState> states = trace.states();
        for (int i = 1; i < states.size(); i++) {
            TlaValue before = states.get(i - 1).vars().get("slot");
            TlaValue after = states.get(i).vars().get("slot");
            if (TlaString.of(TcmuRefinementMapping.NO_PAGE).equals(before) && after instanceof TlaString p
                    && !p.value().equals(TcmuRefinementMapping.NO_PAGE)) {
                return ALLOCATION_ORDERS.stream().filter(o -> o.get(0).equals(p.value())).findFirst()
                        .orElseThrow(() -> new CounterexampleFormatException("the trace refills the slot with "
                                + p.value() + ", which is no page frame of the Java model"));
            }
        }
        return ALLOCATION_ORDERS.get(0);
    }

    /**
     * The spec's own model, with each allocation order; one order with zero copy, whose queue_cmd_ring takes a
     * zero-copy block and allocates no data page (both orders explore the same runs).
     */
    @Override
    public ImmutableList<TcmuConfig> explorationStarts(String variant) {
        TcmuVariant v = TcmuVariant.of(variant);
        return ALLOCATION_ORDERS.stream().limit(v.zeroCopy() ? 1 : ALLOCATION_ORDERS.size())
                .map(o -> new TcmuConfig(v, FAULTS, o)).collect(ImmutableList.toImmutableList());
    }

    @Override
    public ImmutableList<TcmuConfig> everyStart(String variant) {
        return explorationStarts(variant);
    }

    @Override
    public String specConfig(TcmuConfig config) {
        return TcmuRefinementMapping.specConfig(config);
    }

    @Override
    public ReplayTarget.Instance start(Scheduler scheduler, TcmuConfig config) {
        TargetCoreUser t = TargetCoreUser.spawn(scheduler, config);
        // Later steps depend on the spec state and on the order in which alloc_page tries the page frames, which the
        // starts vary and the spec leaves out: without it, a state one start reaches would cut the other start's
        // different future short (page contents and who freed a page only feed reports).
        return new MappedInstance(scheduler, () -> TcmuRefinementMapping.toSpec(t),
                spec -> List.of(spec, config.pageFrames()));
    }

    @Override
    public ImmutableList<String> actors(TcmuConfig config) {
        ImmutableList.Builder<String> b = ImmutableList.<String>builder().addAll(config.faults())
                .add(TcmuConfig.FIND_FREE_BLOCKS, TcmuConfig.QUEUE_CMD_RING);
        if (config.variant().zeroCopy()) {
            b.add(TcmuConfig.TCMU_IRQCONTROL);
        }
        if (config.variant().munmapRuns()) {
            b.add(TcmuConfig.MUNMAP);
        }
        return b.build();
    }

    @Override
    public String whyNotCovered() {
        return "alloc_page hands out only a free frame whose reference count is 0 (a kernel that checks new pages"
                + " reports a frame a use-after-free raised again as a bad page); the spec's tcmu_get_empty_block may"
                + " take such a frame in pre-2022.";
    }

    /** Actors whose {@code pc} is not {@code "done"}. */
    @Override
    public ImmutableList<String> busyTasks(SpecState s) {
        return ((TlaFunction) s.get("pc")).asMap().entrySet().stream()
                .filter(e -> !e.getValue().equals(TlaString.of("done")))
                .map(e -> e.getKey() instanceof TlaString k ? k.value() : e.getKey().toString())
                .collect(ImmutableList.toImmutableList());
    }
}

package dev.lockstep.refinement.tcmu;

import static dev.lockstep.refinement.binding.MappedValues.function;
import static dev.lockstep.refinement.binding.MappedValues.strings;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaBool;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaModelValue;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.runtime.PageAllocator.Page;
import dev.lockstep.impl.runtime.RwSemaphore;
import dev.lockstep.impl.tcmu.TargetCoreUser;
import dev.lockstep.impl.tcmu.TcmuConfig;
import dev.lockstep.impl.tcmu.TcmuPc;
import dev.lockstep.refinement.SpecState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The refinement mapping from the Java tcmu model ({@link TargetCoreUser}) to specs/tcmu/TcmuFault.tla: the model's
 * state to the values of the spec's variables, and a {@link TcmuConfig} to the spec's constants.
 *
 * <p>Faulting threads are the spec's model values ({@code Faults = {f1, f2}}); the other actors are strings. Actors
 * a variant does not run ({@code tcmu_irqcontrol} and {@code munmap} in copy mode) are {@code "done"}. A writer
 * queued on a busy rw_semaphore is at the spec's {@code _wait} step: the Java task is inside {@code down_write}
 * between its two steps. {@code zcMapped} is the set of commands whose special PTEs are present.
 */
public final class TcmuRefinementMapping {
    public static final String NONE = "none";
    public static final String NO_PAGE = "nopage";
    /** The spec's page ids. */
    public static final ImmutableList<String> PAGES = ImmutableList.of("p1", "p2");

    private static final List<String> OTHER_ACTORS = List.of(TcmuConfig.FIND_FREE_BLOCKS, TcmuConfig.QUEUE_CMD_RING,
            TcmuConfig.TCMU_IRQCONTROL, TcmuConfig.MUNMAP);

    private TcmuRefinementMapping() {}

    public static SpecState toSpec(TargetCoreUser t) {
        Map<String, TargetCoreUser.Task> tasks = new LinkedHashMap<>();
        t.tasks().forEach(k -> tasks.put(k.name(), k));
        List<String> faults = t.config().faults();
        Function<String, TlaValue> actor = a -> faults.contains(a) ? TlaModelValue.of(a) : TlaString.of(a);
        Function<Optional<String>, TlaValue> holder = h -> h.map(actor).orElse(TlaString.of(NONE));
        Map<String, Page> frames = new LinkedHashMap<>();
        t.pageFrames().forEach(p -> frames.put(p.name(), p));

        Map<TlaValue, TlaValue> pc = new LinkedHashMap<>();
        Map<TlaValue, TlaValue> page = new LinkedHashMap<>();
        for (String a : actors(faults)) {
            TargetCoreUser.Task task = tasks.get(a);
            pc.put(actor.apply(a), TlaString.of(task == null ? TcmuPc.DONE.specName() : pc(t, task)));
            page.put(actor.apply(a), pageName(task == null ? Optional.empty() : task.page()));
        }
        RwSemaphore inv = t.invalidateLock();
        RwSemaphore mmap = t.mmapLock();
        ImmutableMap.Builder<String, TlaValue> v = ImmutableMap.builderWithExpectedSize(17);
        v.put("pc", TlaFunction.of(pc));
        v.put("slot", pageName(t.dataPage()));
        v.put("pte", pageName(t.dataAreaPte()));
        v.put("ref", function(PAGES, p -> TlaInt.of(frames.get(p).refcount())));
        v.put("allocated", function(PAGES, p -> TlaBool.of(frames.get(p).allocated())));
        v.put("page", TlaFunction.of(page));
        v.put("inUse", TlaBool.of(t.blockInUse()));
        v.put("globalPageCount", TlaInt.of(t.globalPageCount()));
        v.put("zcMapped", strings(t.zeroCopyMapped()));
        v.put("zcCompletion", TlaBool.of(t.inflightCompletionPending()));
        v.put("cmdrLock", holder.apply(t.cmdrLockOwner()));
        v.put("invReaders", set(inv.readers().elementSet(), actor));
        v.put("invWriter", holder.apply(inv.writer()));
        v.put("mmapReaders", set(mmap.readers().elementSet(), actor));
        v.put("mmapWriter", holder.apply(mmap.writer()));
        v.put("pageLock", function(PAGES, p -> holder.apply(frames.get(p).lock().owner())));
        v.put("rootUdevMutex", TlaBool.of(t.rootUdevMutexHeld()));
        return SpecState.of(v.buildOrThrow());
    }

    /** The spec's {@code Actors}: the faults, then the other actors. */
    static List<String> actors(List<String> faults) {
        return ImmutableList.<String>builder().addAll(faults).addAll(OTHER_ACTORS).build();
    }

    private static String pc(TargetCoreUser t, TargetCoreUser.Task task) {
        Set<String> invQueued = t.invalidateLock().queuedWriters();
        Set<String> mmapQueued = t.mmapLock().queuedWriters();
        if (task.pc() == TcmuPc.FILEMAP_INVALIDATE_LOCK && invQueued.contains(task.name())) {
            return TcmuPc.FILEMAP_INVALIDATE_LOCK_WAIT.specName();
        }
        if (task.pc() == TcmuPc.MUNMAP && mmapQueued.contains(task.name())) {
            return TcmuPc.MMAP_WRITE_LOCK_WAIT.specName();
        }
        return task.pc().specName();
    }

    private static TlaString pageName(Optional<Page> p) {
        return TlaString.of(p.map(Page::name).orElse(NO_PAGE));
    }

    /**
     * The spec's {@code CONSTANTS} for {@code config}, as TLC configuration text with {@code SPECIFICATION Spec} (no
     * {@code SYMMETRY}: the Java model names its faults).
     */
    public static String specConfig(TcmuConfig config) {
        return "CONSTANTS\n"
                + "    Variant = " + TlaString.of(config.variant().specName()) + "\n"
                + "    Faults = {" + String.join(", ", config.faults()) + "}\n"
                // The Java model breaks no fix of the spec: it refines the spec's variants, never its mutants.
                + "    Mutations = {}\n"
                + "SPECIFICATION Spec\n";
    }

    private static TlaSet set(Collection<String> names, Function<String, TlaValue> value) {
        return TlaSet.of(names.stream().map(value).toList());
    }
}

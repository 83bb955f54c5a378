package dev.lockstep.refinement.dax;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaBool;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.FileRange;
import dev.lockstep.impl.dax.FuseDax;
import dev.lockstep.impl.runtime.RwSemaphore;
import dev.lockstep.refinement.SpecState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The refinement mapping from the Java DAX model ({@link FuseDax}) to specs/dax/DaxReclaim.tla: the model's state to
 * the values of the spec's variables, its exact state for state-hash pruning, and a {@link DaxConfig} to the spec's
 * constants.
 *
 * <p>Actors, dmaps and inodes are the spec's strings ({@code "none"} for NoActor / NoDmap / NoInode), ranges are
 * naturals, a rw_semaphore is the record {@code [readers |-> ..., writer |-> ...]}, a locked DAX entry the tuple
 * {@code <<inode, range>>}, a PTE {@code <<inode, range, dmap>>}, and {@code fcd->range_waitq} the sequence of the
 * tasks on it, head first. {@code fi->dax->sem} has no spec variable: the spec runs every section under it inside one
 * step, so a holder between steps is an error (of the model or of this mapping).
 */
public final class DaxRefinementMapping {
    public static final String NONE = "none";

    private DaxRefinementMapping() {}

    /** @throws IllegalArgumentException if an actor holds {@code fi->dax->sem} between two steps */
    public static SpecState toSpec(FuseDax dax) {
        for (FuseDax.Inode i : dax.inodes()) {
            if (!i.daxSem().readers().isEmpty() || i.daxSem().writer().isPresent()) {
                throw new IllegalArgumentException("fi->dax->sem of " + i.name() + " held between steps by "
                        + i.daxSem().readers() + " " + i.daxSem().writer().orElse(""));
            }
        }
        List<FuseDax.Task> actors = new ArrayList<>(dax.tasks());
        actors.add(dax.worker());
        Collection<FuseDax.Task> tasks = dax.tasks();
        ImmutableMap.Builder<String, TlaValue> v = ImmutableMap.builderWithExpectedSize(20);
        v.put("pc", function(actors, t -> TlaString.of(t.pc().specName())));
        v.put("accessesLeft", function(tasks, t -> TlaInt.of(t.accessesLeft())));
        v.put("taskInode", function(tasks, t -> name(t.inode())));
        v.put("taskRange", function(tasks, t -> TlaInt.of(t.range())));
        v.put("iomapPrivate", function(tasks, t -> name(t.iomapPrivate())));
        v.put("allocDmap", function(tasks, t -> name(t.allocDmap())));
        v.put("workerInode", name(dax.worker().inode()));
        v.put("workerHoldsRef", TlaBool.of(dax.worker().holdsRef()));
        v.put("reclaimStart", function(actors, t -> TlaInt.of(t.reclaimStart())));
        v.put("refcnt", function(dax.dmaps(), d -> TlaInt.of(d.count()), FuseDax.Dmap::name));
        v.put("dmapInode", function(dax.dmaps(), d -> name(d.inode()), FuseDax.Dmap::name));
        v.put("dmapStart", function(dax.dmaps(), d -> TlaInt.of(d.start()), FuseDax.Dmap::name));
        v.put("freeRanges", TlaSet.of(dax.freeRanges().stream().map(d -> TlaString.of(d.name())).toList()));
        v.put("busyRanges", TlaSet.of(dax.busyRanges().stream().map(d -> TlaString.of(d.name())).toList()));
        v.put("nrFreeRanges", TlaInt.of(dax.nrFreeRanges()));
        v.put("rangeWaitq", TlaFunction.tuple(dax.rangeWaitq().queued().stream().map(TlaString::of).toList()));
        v.put("inodeLock", function(dax.inodes(), i -> rw(i.iRwsem()), FuseDax.Inode::name));
        v.put("invalidateLock", function(dax.inodes(), i -> rw(i.invalidateLock()), FuseDax.Inode::name));
        v.put("daxEntryLocked", TlaSet.of(dax.inodes().stream().flatMap(i -> i.lockedEntries().stream()
                .map(r -> (TlaValue) TlaFunction.tuple(TlaString.of(i.name()), TlaInt.of(r)))).toList()));
        v.put("ptes", TlaSet.of(dax.ptes().stream().map(p -> (TlaValue) TlaFunction.tuple(TlaString.of(p.inode()),
                TlaInt.of(p.range()), TlaString.of(p.dmap()))).toList()));
        return SpecState.of(v.buildOrThrow());
    }

    /**
     * Everything later steps depend on: the spec state, plus what it leaves out, namely the order of the free and
     * busy lists, the writers queued on each rw_semaphore and the accesses each task will still make (so that
     * states of different starts can be told apart, or merged once they agree).
     */
    public static Object exactState(FuseDax dax, SpecState spec) {
        List<Object> key = new ArrayList<>();
        key.add(spec);
        key.add(dax.freeRanges().stream().map(FuseDax.Dmap::name).toList());
        key.add(dax.busyRanges().stream().map(FuseDax.Dmap::name).toList());
        for (FuseDax.Inode i : dax.inodes()) {
            key.add(List.of(i.iRwsem().queuedWriters(), i.invalidateLock().queuedWriters(),
                    i.daxSem().queuedWriters()));
        }
        for (FuseDax.Task t : dax.tasks()) {
            List<FileRange> plan = t.faulter() ? dax.config().faulters().get(t.name())
                    : dax.config().readers().get(t.name());
            boolean endless = dax.config().endless().contains(t.name());
            int done = endless ? t.accessesDone() % plan.size() : Math.min(t.accessesDone(), plan.size());
            List<FileRange> rest = new ArrayList<>(plan.subList(done, plan.size()));
            if (endless) {
                rest.addAll(plan.subList(0, done));
            }
            key.add(rest);
        }
        return key;
    }

    /**
     * The spec's {@code CONSTANTS} for {@code config}, as TLC configuration text with {@code SPECIFICATION Spec}.
     * The spec gives every task the same number of accesses; the spec chooses each access's file range freely.
     *
     * @throws IllegalArgumentException if the tasks have different numbers of accesses
     */
    public static String specConfig(DaxConfig config) {
        Map<String, ImmutableList<FileRange>> plans = new LinkedHashMap<>(config.readers());
        plans.putAll(config.faulters());
        // Endless tasks repeat their plan forever; the others make Accesses accesses.
        List<Integer> accesses = plans.entrySet().stream().filter(e -> !config.endless().contains(e.getKey()))
                .map(e -> e.getValue().size()).distinct().toList();
        if (accesses.size() > 1) {
            throw new IllegalArgumentException("the spec gives every task the same number of accesses, not " + accesses);
        }
        return "CONSTANTS\n"
                + "    Variant = " + TlaString.of(config.variant().specName()) + "\n"
                + "    Readers = " + strings(config.readers().keySet()) + "\n"
                + "    Faulters = " + strings(config.faulters().keySet()) + "\n"
                + "    Dmaps = " + strings(config.dmaps()) + "\n"
                + "    Inodes = " + strings(config.inodes()) + "\n"
                + "    Ranges = " + TlaSet.of(IntStream.range(0, config.ranges()).mapToObj(TlaInt::of).toList()) + "\n"
                + "    Accesses = " + (accesses.isEmpty() ? 1 : accesses.get(0)) + "\n"
                + "    Endless = " + strings(config.endless()) + "\n"
                // The Java model breaks no fix: it refines the spec's variants, never its mutants.
                + "    Mutations = {}\n"
                + "SPECIFICATION Spec\n";
    }

    private static TlaFunction function(Collection<FuseDax.Task> actors, Function<FuseDax.Task, TlaValue> value) {
        return function(actors, value, FuseDax.Task::name);
    }

    private static <X> TlaFunction function(Collection<X> domain, Function<X, TlaValue> value,
            Function<X, String> key) {
        Map<TlaValue, TlaValue> f = new LinkedHashMap<>();
        domain.forEach(x -> f.put(TlaString.of(key.apply(x)), value.apply(x)));
        return TlaFunction.of(f);
    }

    private static TlaString name(FuseDax.Inode i) {
        return TlaString.of(i == null ? NONE : i.name());
    }

    private static TlaString name(FuseDax.Dmap d) {
        return TlaString.of(d == null ? NONE : d.name());
    }

    private static TlaSet strings(Collection<String> names) {
        return TlaSet.of(names.stream().map(TlaString::of).toList());
    }

    private static TlaValue rw(RwSemaphore sem) {
        return TlaFunction.record(ImmutableMap.of("readers", strings(sem.readers().elementSet()), "writer",
                TlaString.of(sem.writer().orElse(NONE))));
    }
}

package dev.lockstep.refinement.dax;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxState;
import dev.lockstep.impl.dax.FileRange;
import dev.lockstep.refinement.SpecState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The refinement mapping from the Java DAX model ({@code dev.lockstep.impl.dax}) to specs/dax/DaxReclaim.tla: a
 * {@link DaxState} snapshot to the values of the spec's 18 variables, and a {@link DaxConfig} to the spec's
 * constants.
 *
 * <p>Actors, dmaps and inodes are the spec's strings ({@code "none"} for NoActor / NoDmap / NoInode), ranges are
 * naturals, a rw_semaphore is the record {@code [readers |-> ..., writer |-> ...]} and a locked DAX entry the tuple
 * {@code <<inode, range>>}. {@code fi->dax->sem} has no spec variable: the spec runs every section under it inside one
 * step, so a holder between steps is an error (of the model or of this mapping).
 */
public final class DaxRefinementMapping {
    private DaxRefinementMapping() {}

    /** @throws IllegalArgumentException if an actor holds {@code fi->dax->sem} between two steps */
    public static SpecState toSpec(DaxState s) {
        s.daxSemHolders().forEach((inode, holders) -> {
            if (!holders.isEmpty()) {
                throw new IllegalArgumentException("fi->dax->sem of " + inode + " held between steps by " + holders);
            }
        });
        ImmutableMap.Builder<String, TlaValue> v = ImmutableMap.builderWithExpectedSize(18);
        v.put("pc", function(s.pc(), TlaString::of));
        v.put("accessesLeft", function(s.accessesLeft(), TlaInt::of));
        v.put("taskInode", function(s.taskInode(), TlaString::of));
        v.put("taskRange", function(s.taskRange(), TlaInt::of));
        v.put("iomapPrivate", function(s.iomapPrivate(), TlaString::of));
        v.put("allocDmap", function(s.allocDmap(), TlaString::of));
        v.put("workerInode", TlaString.of(s.workerInode()));
        v.put("reclaimStart", function(s.reclaimStart(), TlaInt::of));
        v.put("refcnt", function(s.refcnt(), TlaInt::of));
        v.put("dmapInode", function(s.dmapInode(), TlaString::of));
        v.put("dmapStart", function(s.dmapStart(), TlaInt::of));
        v.put("freeRanges", strings(s.freeRanges()));
        v.put("busyRanges", strings(s.busyRanges()));
        v.put("nrFreeRanges", TlaInt.of(s.nrFreeRanges()));
        v.put("rangeWaitq", strings(s.rangeWaitq()));
        v.put("inodeLock", function(s.inodeLock(), DaxRefinementMapping::rw));
        v.put("invalidateLock", function(s.invalidateLock(), DaxRefinementMapping::rw));
        v.put("daxEntryLocked", TlaSet.of(s.daxEntryLocked().stream().map(DaxRefinementMapping::entry).toList()));
        return SpecState.of(v.buildOrThrow());
    }

    /**
     * The spec's {@code CONSTANTS} for {@code config}, as TLC configuration text with {@code SPECIFICATION Spec}.
     * The spec gives every task the same number of accesses; the spec chooses each access's file range freely.
     *
     * @throws IllegalArgumentException if the tasks have different numbers of accesses
     */
    public static String specConfig(DaxConfig config) {
        List<Integer> accesses = ImmutableList.<Collection<FileRange>>builder()
                .addAll(config.readers().values()).addAll(config.faulters().values()).build()
                .stream().map(Collection::size).distinct().toList();
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
                + "    Accesses = " + (accesses.isEmpty() ? 0 : accesses.get(0)) + "\n"
                // The Java model breaks no fix: it refines the spec's variants, never its mutants.
                + "    Mutations = {}\n"
                + "SPECIFICATION Spec\n";
    }

    private static <V> TlaFunction function(Map<String, V> m, Function<V, TlaValue> value) {
        Map<TlaValue, TlaValue> f = new LinkedHashMap<>();
        m.forEach((k, x) -> f.put(TlaString.of(k), value.apply(x)));
        return TlaFunction.of(f);
    }

    private static TlaSet strings(Collection<String> names) {
        return TlaSet.of(names.stream().map(TlaString::of).toList());
    }

    private static TlaValue rw(DaxState.RwHolders h) {
        return TlaFunction.record(ImmutableMap.of("readers", strings(h.readers()), "writer", TlaString.of(h.writer())));
    }

    private static TlaValue entry(FileRange r) {
        return TlaFunction.tuple(TlaString.of(r.inode()), TlaInt.of(r.range()));
    }
}

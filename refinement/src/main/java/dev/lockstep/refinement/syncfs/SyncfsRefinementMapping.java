package dev.lockstep.refinement.syncfs;

import static dev.lockstep.refinement.binding.MappedValues.function;
import static dev.lockstep.refinement.binding.MappedValues.strings;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.runtime.Kasan;
import dev.lockstep.impl.syncfs.FuseSyncfs;
import dev.lockstep.impl.syncfs.SyncfsConfig;
import dev.lockstep.impl.syncfs.SyncfsPc;
import dev.lockstep.refinement.SpecState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The refinement mapping from the Java syncfs model ({@link FuseSyncfs}) to specs/syncfs/SyncBucket.tla: the model's
 * state to the values of the spec's variables, and a {@link SyncfsConfig} to the spec's constants.
 *
 * <p>Buckets are the spec's slots: {@code "b0"} for the mount's first bucket and the syncfs task's name for the bucket
 * it allocates. A syncfs task allocates its bucket before it takes {@code fc->lock}, in memory nobody else can reach;
 * the spec allocates it in the step that takes the lock ({@code FuseSyncFsWritesBegin}), so the slot shows as
 * {@code "unalloc"} (count 0) until its task has begun. {@code ptr} is the bucket a task will still dereference, by
 * where it is: a writer's {@code wpa->bucket} from the load to the end of its completion, the old bucket of a syncfs
 * task from the swap to {@code kfree_rcu} (the kernel's locals keep stale values that nobody reads). In v5.14 there
 * are no buckets and the spec keeps {@code "b0"} as it starts. The server's and RCU's {@code pc} count their steps.
 */
public final class SyncfsRefinementMapping {
    public static final String NONE = "none";

    private static final Set<SyncfsPc> WRITER_HOLDS = ImmutableSet.of(SyncfsPc.INC_NOT_ZERO, SyncfsPc.WAIT_REPLY,
            SyncfsPc.WAKE_UP, SyncfsPc.WAKE_UP_UNLOCK);
    private static final Set<SyncfsPc> SYNCER_HOLDS_OLD = ImmutableSet.of(SyncfsPc.ASSIGN, SyncfsPc.ASSIGN_DEC_DONE,
            SyncfsPc.ATOMIC_DEC_OLD,
            SyncfsPc.WAIT_EVENT, SyncfsPc.SLEEP, SyncfsPc.DEC_AND_TEST, SyncfsPc.WAKE_UP, SyncfsPc.WAKE_UP_UNLOCK,
            SyncfsPc.KFREE_RCU);

    private SyncfsRefinementMapping() {}

    public static SpecState toSpec(FuseSyncfs fs) {
        Map<String, FuseSyncfs.Task> tasks = new LinkedHashMap<>();
        fs.tasks().forEach(t -> tasks.put(t.name(), t));
        Map<String, FuseSyncfs.Bucket> allocated = new LinkedHashMap<>();
        fs.buckets().forEach(b -> allocated.put(b.name(), b));
        List<String> slots = new ArrayList<>();
        slots.add(SyncfsConfig.INIT_BUCKET);
        slots.addAll(fs.config().syncers());
        // The slot's bucket once the spec has allocated it; b0 of v5.14 has no Java counterpart.
        Function<String, Optional<FuseSyncfs.Bucket>> bucket = b -> {
            FuseSyncfs.Task owner = tasks.get(b);
            boolean begun = owner == null || owner.pc() != SyncfsPc.IDLE;
            return begun ? Optional.ofNullable(allocated.get(b)) : Optional.empty();
        };
        // v5.14 has no buckets: b0 stays as the spec starts it
        boolean v514 = fs.currBucket().isEmpty();
        ImmutableMap.Builder<String, TlaValue> v = ImmutableMap.builderWithExpectedSize(13);
        Map<TlaValue, TlaValue> pc = new LinkedHashMap<>();
        tasks.values().forEach(t -> pc.put(TlaString.of(t.name()), TlaString.of(t.pc().specName())));
        pc.put(TlaString.of(SyncfsConfig.SERVER), TlaInt.of(fs.serverReplies()));
        pc.put(TlaString.of("rcu"), TlaInt.of(fs.rcuCallbacks()));
        v.put("pc", TlaFunction.of(pc));
        v.put("curr", TlaString.of(fs.currBucket().map(FuseSyncfs.Bucket::name).orElse(SyncfsConfig.INIT_BUCKET)));
        v.put("count", function(slots, b -> TlaInt.of(bucket.apply(b).map(FuseSyncfs.Bucket::count)
                .orElse(v514 && b.equals(SyncfsConfig.INIT_BUCKET) ? 1 : 0))));
        v.put("mem", function(slots, b -> TlaString.of(bucket.apply(b).map(x -> mem(x.mem().state()))
                .orElse(v514 && b.equals(SyncfsConfig.INIT_BUCKET) ? "live" : "unalloc"))));
        v.put("waitqMem", function(slots, b -> TlaString.of(bucket.apply(b)
                .filter(x -> x.mem().isOverwritten("waitq")).isPresent() ? "rcu_head" : "waitq")));
        v.put("waitq", function(slots, b -> strings(bucket.apply(b).map(x -> (Collection<String>) x.waitq().queued())
                .orElse(List.of()))));
        v.put("gp", function(slots, b -> strings(fs.rcu().gracePeriodReaders(b))));
        v.put("inRcu", strings(fs.rcu().readers()));
        v.put("ptr", function(tasks.keySet(), t -> TlaString.of(ptr(tasks.get(t)))));
        v.put("fcLock", TlaString.of(fs.fcLockOwner().orElse(NONE)));
        v.put("req", function(tasks.keySet(), t -> TlaString.of(tasks.get(t).req().name().toLowerCase(Locale.ROOT))));
        v.put("wbStarted", strings(tasks.values().stream().filter(t -> t.writer() && t.req() != FuseSyncfs.Req.NONE)
                .map(FuseSyncfs.Task::name).toList()));
        v.put("owed", function(fs.config().syncers(), s -> strings(tasks.get(s).owed().stream()
                .filter(w -> tasks.get(w).req() != FuseSyncfs.Req.REPLIED).toList())));
        return SpecState.of(v.buildOrThrow());
    }

    private static String ptr(FuseSyncfs.Task t) {
        boolean holds = t.writer() ? WRITER_HOLDS.contains(t.pc()) : SYNCER_HOLDS_OLD.contains(t.pc());
        return holds && t.bucket() != null ? t.bucket().name() : NONE;
    }

    private static String mem(Kasan.State s) {
        return switch (s) {
            case LIVE -> "live";
            case RCU_PENDING -> "rcu_pending";
            case FREED -> "freed";
        };
    }

    /**
     * The spec's {@code CONSTANTS} for {@code config}, as TLC configuration text with {@code SPECIFICATION Spec}.
     */
    public static String specConfig(SyncfsConfig config) {
        return "CONSTANTS\n"
                + "    Variant = " + TlaString.of(config.variant().specName()) + "\n"
                + "    Writers = " + strings(config.writers()) + "\n"
                + "    Syncers = " + strings(config.syncers()) + "\n"
                // The Java model breaks no fix: it refines the spec's variants, never its mutants.
                + "    Mutations = {}\n"
                + "    Reorderings = " + strings(config.reorderings()) + "\n"
                + "SPECIFICATION Spec\n";
    }
}

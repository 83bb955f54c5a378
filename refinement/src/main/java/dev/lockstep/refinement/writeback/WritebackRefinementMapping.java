package dev.lockstep.refinement.writeback;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaBool;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.writeback.FuseWriteback;
import dev.lockstep.impl.writeback.WritebackConfig;
import dev.lockstep.refinement.SpecState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The refinement mapping from the Java writeback model ({@link FuseWriteback}) to specs/writeback/FuseWriteback.tla:
 * the model's state to the spec's variables, its exact state for state-hash pruning, and a {@link WritebackConfig} to
 * the spec's constants.
 *
 * <p>A request ({@code struct fuse_writepage_args}) is the record {@code [ver, ref, st, bkt, data]}; {@code reqs} is
 * the bag (a function from record to count) of every request that has not completed; {@code NoReq} stands for a
 * writer or server thread without one. {@code bkt} and {@code bucket} are 0 for the first {@code fc->curr_bucket}
 * (and for requests no bucket counts) and 1 after sync's swap. The folio lock has no spec variable: every holder
 * releases it within its step, so a holder between steps is an error of the model or of this mapping.
 */
public final class WritebackRefinementMapping {
  private static final TlaValue NO_REQ = TlaFunction.record(ImmutableMap.of("ver", TlaInt.of(0), "ref",
      TlaBool.FALSE, "st", TlaString.of("none"), "bkt", TlaInt.of(0), "data", TlaInt.of(0)));

  private WritebackRefinementMapping() {}

  /** @throws IllegalArgumentException if a task holds the folio lock between two steps */
  public static SpecState toSpec(FuseWriteback wb) {
    wb.folio().lockOwner().ifPresent(o -> {
      throw new IllegalArgumentException("the folio lock is held between steps by " + o);
    });
    ImmutableMap.Builder<String, TlaValue> v = ImmutableMap.builderWithExpectedSize(11);
    Map<TlaValue, TlaValue> pc = new LinkedHashMap<>();
    wb.pc().forEach((a, p) -> pc.put(TlaString.of(a), TlaString.of(p)));
    v.put("pc", TlaFunction.of(pc));
    v.put("ver", TlaInt.of(wb.contents()));
    v.put("dirty", TlaBool.of(wb.folio().dirty()));
    v.put("writable", TlaBool.of(wb.pteWritable()));
    v.put("pgwb", TlaBool.of(wb.folio().writeback()));
    Map<TlaValue, Integer> bag = new LinkedHashMap<>();
    wb.requests().forEach(r -> bag.merge(req(wb, r), 1, Integer::sum));
    Map<TlaValue, TlaValue> reqs = new LinkedHashMap<>();
    bag.forEach((r, n) -> reqs.put(r, TlaInt.of(n)));
    v.put("reqs", TlaFunction.of(reqs));
    v.put("wbReq", perActor(wb, List.of(WritebackConfig.FLUSHER, WritebackConfig.SYNC), wb.fillData()));
    v.put("srvFile", TlaInt.of(wb.serverFile()));
    v.put("srvReq", perActor(wb, List.of(WritebackConfig.SERVER1, WritebackConfig.SERVER2), wb.serving()));
    v.put("syncVer", TlaInt.of(wb.syncVer()));
    v.put("bucket", TlaInt.of(wb.bucketIndex(wb.currBucket())));
    return SpecState.of(v.buildOrThrow());
  }

  /**
   * Everything later steps depend on beyond the spec state: which tasks have returned, and the flusher's passes if
   * the configuration bounds them.
   */
  public static Object exactState(FuseWriteback wb, SpecState spec) {
    boolean bounded = wb.config().flusherPasses() != WritebackConfig.ANY_PASSES;
    return List.of(spec, wb.finished(), bounded ? wb.flusherPasses() : 0);
  }

  /** The spec's {@code CONSTANTS} for {@code config}, with {@code SPECIFICATION Spec}. */
  public static String specConfig(WritebackConfig config) {
    return "CONSTANTS\n"
        + "    Variant = " + TlaString.of(config.design().specName()) + "\n"
        + "    Transport = " + TlaString.of(config.transport()) + "\n"
        + "    Kernel = " + config.kernel() + "\n"
        + "    Stores = " + config.stores() + "\n"
        + "    Writes = " + config.writes() + "\n"
        + "    Reads = " + config.reads() + "\n"
        // The Java model breaks no fix: it refines the spec's models, never its mutants.
        + "    Mutations = {}\n"
        + "SPECIFICATION Spec\n";
  }

  private static TlaValue req(FuseWriteback wb, FuseWriteback.Wpa r) {
    return TlaFunction.record(ImmutableMap.of("ver", TlaInt.of(r.ver()), "ref", TlaBool.of(r.ref()), "st",
        TlaString.of(r.st().specName()), "bkt", TlaInt.of(wb.bucketIndex(r.bucket())), "data",
        TlaInt.of(r.data())));
  }

  private static TlaFunction perActor(FuseWriteback wb, List<String> actors, Map<String, FuseWriteback.Wpa> held) {
    Map<TlaValue, TlaValue> f = new LinkedHashMap<>();
    actors.forEach(a -> f.put(TlaString.of(a), held.containsKey(a) ? req(wb, held.get(a)) : NO_REQ));
    return TlaFunction.of(f);
  }
}

package dev.lockstep.refinement.writeback;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.writeback.FuseWriteback;
import dev.lockstep.impl.writeback.WritebackConfig;
import dev.lockstep.impl.writeback.WritebackDesign;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecState;
import dev.lockstep.refinement.binding.MappedInstance;
import dev.lockstep.refinement.binding.ProtocolBinding;
import dev.lockstep.refinement.replay.CounterexampleFormatException;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.util.Set;

/**
 * The FUSE writeback model ({@code impl/.../writeback}) bound to specs/writeback/FuseWriteback.tla. Its variants are
 * the spec's models (design, transport and kernel per {@code .cfg}), since transport and kernel change the answer.
 */
public final class WritebackBinding implements ProtocolBinding<WritebackConfig> {
  /**
   * The flusher's passes in a replay: enough for every stored counterexample, and its fair continuation ends
   * (WritebackConfig says why it must be bounded).
   */
  private static final int REPLAY_PASSES = 3;

  @Override
  public String protocol() {
    return "writeback";
  }

  @Override
  public ImmutableList<String> variants() {
    return WritebackModels.MODELS.keySet().asList();
  }

  /**
   * Every counterexample's bug is absent from temp pages with the chain on virtiofs at v5.15, the one model that holds
   * all four properties: its interleaving must keep the property there, with the counterexample's numbers of stores,
   * writes and reads. The answer is a model name, which {@link #configOf} accepts as {@code Variant}.
   */
  @Override
  public String fixedVariant(String variant) {
    return WritebackModels.FIXED;
  }

  /**
   * The constants of the trace's model, with the flusher's passes bounded; nothing else is needed (the spec's initial
   * state is unique). A {@code
   * Variant} that names a model (the {@link #fixedVariant}) takes that model's design, transport and kernel.
   */
  @Override
  public WritebackConfig configOf(SpecConstants constants, Trace trace) {
    String variant = constants.string("Variant");
    try {
      int stores = constants.natural("Stores");
      int writes = constants.natural("Writes");
      int reads = constants.natural("Reads");
      if (WritebackModels.MODELS.containsKey(variant)) {
        WritebackConfig m = WritebackModels.model(variant);
        return new WritebackConfig(m.design(), m.virtiofs(), m.kernel(), stores, writes, reads, REPLAY_PASSES);
      }
      return new WritebackConfig(WritebackDesign.of(variant), constants.string("Transport").equals("virtiofs"),
          constants.natural("Kernel"), stores, writes, reads, REPLAY_PASSES);
    } catch (IllegalArgumentException e) {
      throw new CounterexampleFormatException("the trace's model does not fit the Java model: " + e.getMessage(), e);
    }
  }

  /**
   * The gate's start: the model with one direct read where it has two (the temp-page models: two reads give 31,000 to
   * 59,000 spec states and minutes of exploration); coverage is then of that model's graph.
   */
  @Override
  public ImmutableList<WritebackConfig> explorationStarts(String variant) {
    WritebackConfig m = WritebackModels.model(variant);
    return ImmutableList.of(new WritebackConfig(m.design(), m.virtiofs(), m.kernel(), m.stores(), m.writes(), 1));
  }

  /** The model as its {@code .cfg} has it. */
  @Override
  public ImmutableList<WritebackConfig> everyStart(String variant) {
    return ImmutableList.of(WritebackModels.model(variant));
  }

  @Override
  public String specConfig(WritebackConfig config) {
    return WritebackRefinementMapping.specConfig(config);
  }

  @Override
  public ReplayTarget.Instance start(Scheduler scheduler, WritebackConfig config) {
    FuseWriteback wb = FuseWriteback.spawn(scheduler, config);
    return new MappedInstance(scheduler, () -> WritebackRefinementMapping.toSpec(wb),
        spec -> WritebackRefinementMapping.exactState(wb, spec));
  }

  @Override
  public ImmutableList<String> actors(WritebackConfig config) {
    return FuseWriteback.actors(config);
  }

  /** Actors inside an operation: pc neither {@code "idle"} nor {@code "done"}. */
  @Override
  public ImmutableList<String> busyTasks(SpecState s) {
    return ((TlaFunction) s.get("pc")).asMap().entrySet().stream()
        .filter(e -> !Set.of(TlaString.of("idle"), TlaString.of("done")).contains(e.getValue()))
        .map(e -> ((TlaString) e.getKey()).value()).collect(ImmutableList.toImmutableList());
  }
}

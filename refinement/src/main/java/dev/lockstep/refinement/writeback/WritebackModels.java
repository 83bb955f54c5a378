package dev.lockstep.refinement.writeback;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.impl.writeback.WritebackConfig;
import dev.lockstep.impl.writeback.WritebackDesign;

/**
 * The spec's models of specs/writeback (one {@code .cfg} per design, transport and kernel, mutants aside) as Java
 * configurations with the same constants. The Java model has one start per model: the spec's initial state is
 * unique.
 */
public final class WritebackModels {
  /** Model name -> its constants, in the order of expectations.txt. */
  public static final ImmutableMap<String, WritebackConfig> MODELS = ImmutableMap.<String, WritebackConfig>builder()
      .put("temp-pages-virtiofs-5.15", new WritebackConfig(WritebackDesign.TEMP_PAGES, true, 515, 1, 1, 2))
      .put("temp-pages-virtiofs-5.11", new WritebackConfig(WritebackDesign.TEMP_PAGES, true, 511, 1, 1, 2))
      .put("temp-pages-dev-fuse", new WritebackConfig(WritebackDesign.TEMP_PAGES, false, 515, 1, 1, 2))
      .put("temp-pages-no-chain", new WritebackConfig(WritebackDesign.TEMP_PAGES_NO_CHAIN, true, 515, 1, 1, 2))
      .put("rfc-no-temp", new WritebackConfig(WritebackDesign.RFC_NO_TEMP, true, 607, 1, 1, 1))
      .put("upstream-6.16-dev-fuse", new WritebackConfig(WritebackDesign.UPSTREAM, false, 616, 1, 1, 1))
      .put("upstream-6.16-gup-store", new WritebackConfig(WritebackDesign.UPSTREAM, false, 616, 1, 0, 1))
      .put("upstream-6.16-virtiofs", new WritebackConfig(WritebackDesign.UPSTREAM, true, 616, 1, 1, 1))
      .put("upstream-6.19-dev-fuse", new WritebackConfig(WritebackDesign.UPSTREAM, false, 619, 1, 1, 1))
      .put("upstream-6.19-virtiofs", new WritebackConfig(WritebackDesign.UPSTREAM, true, 619, 1, 1, 1))
      .buildOrThrow();

  /**
   * The model whose design holds every property of the spec (NoTornWrite, NoTornMmapWrite, NoStaleOverwrite and
   * SyncPersists, expectations.txt): temp pages with the chain on virtiofs at v5.15.
   */
  public static final String FIXED = "temp-pages-virtiofs-5.15";

  private WritebackModels() {}

  /**
   * @throws IllegalArgumentException naming the known models
   */
  public static WritebackConfig model(String name) {
    WritebackConfig c = MODELS.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no Java model for writeback model " + name + "; known: " + MODELS.keySet());
    }
    return c;
  }
}

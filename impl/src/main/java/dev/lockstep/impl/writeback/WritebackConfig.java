package dev.lockstep.impl.writeback;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One model instance, the spec's constants: the design, the transport ({@code virtiofs} or {@code dev-fuse}), the
 * kernel release (major * 100 + minor), and how many mmap stores, write(2) calls and direct reads the tasks make.
 * The checks are the spec's ASSUMEs: combinations that never existed are rejected.
 *
 * <p>{@code flusherPasses} bounds the flusher's writeback passes; {@link #ANY_PASSES} (the spec's flusher) lets it
 * write back whenever the page is dirty. An eager flusher that write-protects the page between every page_mkwrite
 * and the store it retries keeps that store faulting forever: exploration prunes that cycle, but a replay's fair
 * round-robin continuation can follow it for ever (in the kernel the retry follows at once and the flusher runs
 * every few seconds), so replays bound the passes ({@link #withFlusherPasses}).
 */
public record WritebackConfig(WritebackDesign design, boolean virtiofs, int kernel, int stores, int writes,
    int reads, int flusherPasses) {
  /** As many flusher passes as the page gets dirty. */
  public static final int ANY_PASSES = Integer.MAX_VALUE;

  public static final String APP = "app";
  public static final String WRITE = "write";
  public static final String FLUSHER = "flusher";
  public static final String SYNC = "sync";
  public static final String SERVER1 = "server1";
  public static final String SERVER2 = "server2";

  public WritebackConfig {
    checkArgument(kernel == 511 || kernel == 515 || kernel == 607 || kernel == 616 || kernel == 619,
        "kernel %s is not one the spec knows", kernel);
    checkArgument(!design.tempPages() || kernel < 616, "temp pages end with v6.16, not at %s", kernel);
    checkArgument(design != WritebackDesign.RFC_NO_TEMP || (kernel == 607 && virtiofs),
        "the RFC is against about v6.7 and acts on virtiofs only");
    checkArgument(design != WritebackDesign.UPSTREAM || kernel >= 616, "no temp folio only from v6.16");
    checkArgument(stores > 0 && writes >= 0 && reads > 0, "stores and reads must be positive, writes natural");
    checkArgument(flusherPasses > 0, "the flusher makes at least one pass");
  }

  /** The spec's model: the flusher passes as often as the page is dirty. */
  public WritebackConfig(WritebackDesign design, boolean virtiofs, int kernel, int stores, int writes, int reads) {
    this(design, virtiofs, kernel, stores, writes, reads, ANY_PASSES);
  }

  public WritebackConfig withFlusherPasses(int passes) {
    return new WritebackConfig(design, virtiofs, kernel, stores, writes, reads, passes);
  }

  public String transport() {
    return virtiofs ? "virtiofs" : "dev-fuse";
  }

  /** The spec's {@code SyncFsWaitsForWrites}: fc->sync_fs (virtiofs) and 660585b56e63's buckets (v5.15). */
  public boolean syncFsWaitsForWrites() {
    return virtiofs && kernel >= 515;
  }

  /** The spec's {@code WaitSbInodesSkipsFuse}: f9a49aa302a0 (v6.19). */
  public boolean waitSbInodesSkipsFuse() {
    return kernel >= 619;
  }

  /** Name of the i-th direct-read task, from 1. */
  public static String gup(int i) {
    return "gup" + i;
  }
}

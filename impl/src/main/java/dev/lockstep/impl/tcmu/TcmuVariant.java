package dev.lockstep.impl.tcmu;

import dev.lockstep.impl.SpecNamed;

/**
 * The variants of specs/tcmu/TcmuFault.tla (CONSTANT {@code Variant}); the spec's header, each
 * variant's .cfg and {@link TargetCoreUser} cite the source of each.
 */
public enum TcmuVariant implements SpecNamed {
  /**
   * Before a6968f7a367f "scsi: target: tcmu: Fix possible page UAF" (v5.18) and bb9b9eb0ae2e
   * "scsi: target: tcmu: Fix possible data corruption" (v5.19): get_page after cmdr_lock is
   * dropped, no page lock, unmap_mapping_range before tcmu_blocks_release.
   */
  PRE_2022("pre-2022"),
  /**
   * After 325d5c5fb216 "scsi: target: tcmu: Avoid holding XArray lock when calling lock_page"
   * (v5.19), unchanged in the current target_core_user.c: get_page and lock_page under cmdr_lock,
   * tcmu_blocks_release (with lock_page/unlock_page) before unmap_mapping_range.
   */
  UPSTREAM("upstream"),
  /**
   * Seed 002 as posted: "[PATCH v2 3/3] scsi: target: tcmu: Use address_space->invalidate_lock"
   * (2022-03-23) on its series' 1/3 (get_page under the lookup lock) and 2/3
   * (unmap_mapping_range in tcmu_alloc_data_space); no page lock, unmap before release.
   */
  SEED_002_SERIES("seed-002-series"),
  /** Analysis: seed 002's lock swap (its 3/3) on upstream. */
  INVALIDATE_LOCK("invalidate-lock"),
  /**
   * "[RFC 3/3] scsi: target: tcmu: Support zero copy" (2022-03-18, quoted whole in Bodo
   * Stroesser's review of 2022-03-22) on upstream: queue_cmd_ring maps, and the completion zaps,
   * a zero-copy command's pages under mmap_read_lock while holding cmdr_lock.
   */
  ZERO_COPY_CMDR("zero-copy-cmdr"),
  /** Analysis: zero-copy-cmdr without the munmap (no mmap_lock writer). */
  ZERO_COPY_CMDR_NO_MUNMAP("zero-copy-cmdr-no-munmap"),
  /** Analysis: the RFC plus seed 002's locking (its 3/3) on upstream. */
  ZERO_COPY_INVALIDATE("zero-copy-invalidate");

  private final String specName;

  TcmuVariant(String specName) {
    this.specName = specName;
  }

  /**
   * The variant whose spec string is {@code specName}.
   *
   * @throws IllegalArgumentException naming the known variants if there is none
   */
  public static TcmuVariant of(String specName) {
    return SpecNamed.of(TcmuVariant.class, specName);
  }

  @Override
  public String specName() {
    return specName;
  }

  /** The zero-copy RFC: the mmap_lock paths, tcmu_irqcontrol, and the fault under mmap_lock. */
  public boolean zeroCopy() {
    return this == ZERO_COPY_CMDR || this == ZERO_COPY_CMDR_NO_MUNMAP || this == ZERO_COPY_INVALIDATE;
  }

  /** A munmap of another range of the mm writes mmap_lock. */
  public boolean munmapRuns() {
    return zeroCopy() && this != ZERO_COPY_CMDR_NO_MUNMAP;
  }

  /** Seed 002's 3/3: the fault takes invalidate_lock shared, find_free_blocks takes it exclusive. */
  public boolean invalidateLocking() {
    return this == SEED_002_SERIES || this == INVALIDATE_LOCK || this == ZERO_COPY_INVALIDATE;
  }

  /** a6968f7a367f: get_page under the lookup lock. */
  public boolean getPageUnderLock() {
    return this != PRE_2022;
  }

  /** bb9b9eb0ae2e: the page stays locked until the PTE is in; release before unmap. */
  public boolean pageLockFix() {
    return this != PRE_2022 && this != SEED_002_SERIES;
  }

  /** Seed 002's series v2 2/3: tcmu_alloc_data_space unmaps the block it grows over. */
  public boolean unmapOnRefill() {
    return this == SEED_002_SERIES;
  }
}

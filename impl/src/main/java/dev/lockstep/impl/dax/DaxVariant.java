package dev.lockstep.impl.dax;

import dev.lockstep.impl.SpecNamed;

/**
 * The protocol variants of specs/dax/DaxReclaim.tla (CONSTANT {@code Variant}); see the spec's
 * header for what each one is.
 */
public enum DaxVariant implements SpecNamed {
  /** The 2019 tree seed 000 measured: no refcount, reclaim takes the inode lock with trylock. */
  INODE_TRYLOCK("inode-trylock"),
  /** Seed 000's RFC: atomic_t from 0, relaxed atomic_dec in fuse_iomap_end, no inode lock. */
  REFCOUNT_RELAXED("refcount-relaxed"),
  /** Upstream: refcount_t from 1, refcount_dec_and_test (release), inline reclaim in reads. */
  REFCOUNT_UPSTREAM("refcount-upstream"),
  /** Seed 001, v1: a fault that finds no free range reclaims inline holding its DAX entry. */
  FAULT_INLINE_RECLAIM("fault-inline-reclaim"),
  /** Upstream since v5.10: the fault drops its locks, waits for a free range and retries. */
  FAULT_WAIT_RETRY("fault-wait-retry");

  private final String specName;

  DaxVariant(String specName) {
    this.specName = specName;
  }

  /**
   * The variant whose spec string is {@code specName}.
   *
   * @throws IllegalArgumentException naming the known variants if there is none
   */
  public static DaxVariant of(String specName) {
    return SpecNamed.of(DaxVariant.class, specName);
  }

  @Override
  public String specName() {
    return specName;
  }

  /** The 2019 tree (no fault path, readers wait with the inode lock held). */
  public boolean tree2019() {
    return this == INODE_TRYLOCK || this == REFCOUNT_RELAXED;
  }

  public boolean trylockInode() {
    return this == INODE_TRYLOCK;
  }

  public boolean refcountOn() {
    return this != INODE_TRYLOCK;
  }

  public boolean relaxedDec() {
    return this == REFCOUNT_RELAXED;
  }

  public boolean faultInline() {
    return this == FAULT_INLINE_RECLAIM;
  }

  /** Count of a range nobody uses: atomic_t starts at 0, refcount_t at 1. */
  public int base() {
    return tree2019() ? 0 : 1;
  }
}

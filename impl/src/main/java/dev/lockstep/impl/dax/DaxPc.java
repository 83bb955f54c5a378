package dev.lockstep.impl.dax;

/**
 * Where a task or the reclaim worker is, as specs/dax/DaxReclaim.tla's {@code pc} says it: each value is the point
 * before the kernel step of the same name (see the spec's header for the flow).
 */
public enum DaxPc {
  IDLE("idle"),
  // tasks
  INODE_LOCK_SHARED("inode_lock_shared"),
  INVALIDATE_LOCK_SHARED("invalidate_lock_shared"),
  GRAB_ENTRY("grab_entry"),
  IOMAP_BEGIN("iomap_begin"),
  ALLOC("alloc"),
  SETUP("setup"),
  WAIT_EVENT("wait_event"),
  WAIT_CHECK("wait_check"),
  WAIT_RANGE("wait_range"),
  COPY("copy"),
  COPY_DEC_VISIBLE("copy_dec_visible"),
  INSERT_PFN("insert_pfn"),
  IOMAP_END("iomap_end"),
  IOMAP_END_DEC_VISIBLE("iomap_end_dec_visible"),
  INLINE_INVALIDATE_LOCK("inline_invalidate_lock"),
  INLINE_LOOKUP("inline_lookup"),
  INLINE_RECLAIM("inline_reclaim"),
  INLINE_BREAK_LAYOUTS("inline_break_layouts"),
  // the worker
  SCAN("scan"),
  INODE_TRYLOCK("inode_trylock"),
  INVALIDATE_LOCK("invalidate_lock"),
  RECLAIM("reclaim");

  private final String specName;

  DaxPc(String specName) {
    this.specName = specName;
  }

  /** The spec's string, e.g. {@code "wait_check"}. */
  public String specName() {
    return specName;
  }
}

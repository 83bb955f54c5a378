package dev.lockstep.impl.tcmu;

/**
 * Where a task is, as specs/tcmu/TcmuFault.tla's {@code pc} says it: each value is the point
 * before the kernel step of the same name.
 */
public enum TcmuPc {
  // a faulting thread
  DO_USER_ADDR_FAULT("do_user_addr_fault"),
  TCMU_VMA_FAULT("tcmu_vma_fault"),
  XA_LOAD("xa_load"),
  LOCK_PAGE("lock_page"),
  TCMU_TRY_GET_DATA_PAGE_UNLOCK("tcmu_try_get_data_page_unlock"),
  GET_PAGE("get_page"),
  FINISH_FAULT("finish_fault"),
  UNLOCK_PAGE("unlock_page"),
  MMAP_READ_UNLOCK("mmap_read_unlock"),
  // find_free_blocks (tcmu_unmap_work)
  FIND_FREE_BLOCKS("find_free_blocks"),
  MUTEX_LOCK("mutex_lock"),
  FILEMAP_INVALIDATE_LOCK("filemap_invalidate_lock"),
  /** Queued as a writer on invalidate_lock (the mapping derives it from the semaphore). */
  FILEMAP_INVALIDATE_LOCK_WAIT("filemap_invalidate_lock_wait"),
  XA_ERASE("xa_erase"),
  LOCK_PAGE_UNLOCK_PAGE("lock_page_unlock_page"),
  FREE_PAGE("__free_page"),
  ATOMIC_SUB("atomic_sub"),
  UNMAP_MAPPING_RANGE("unmap_mapping_range"),
  // tcmu_handle_completions of zero copy, under cmdr_lock
  TCMU_CMD_ZEROCOPY_UNMAP("tcmu_cmd_zerocopy_unmap"),
  ZAP_PAGE_RANGE("zap_page_range"),
  // queue_cmd_ring
  QUEUE_CMD_RING("queue_cmd_ring"),
  TCMU_ALLOC_DATA_SPACE("tcmu_alloc_data_space"),
  TCMU_GET_EMPTY_BLOCK("tcmu_get_empty_block"),
  SCATTER_DATA_AREA("scatter_data_area"),
  TCMU_CMD_ZEROCOPY_MAP("tcmu_cmd_zerocopy_map"),
  VM_INSERT_PAGES_MKSPECIAL("vm_insert_pages_mkspecial"),
  // tcmu_irqcontrol
  TCMU_IRQCONTROL("tcmu_irqcontrol"),
  // munmap of another range of the mm
  MUNMAP("munmap"),
  /** Queued as a writer on mmap_lock (the mapping derives it from the semaphore). */
  MMAP_WRITE_LOCK_WAIT("mmap_write_lock_wait"),
  DO_MUNMAP("do_munmap"),
  /** The cmdr_lock holder's unlock (find_free_blocks also drops invalidate_lock, root_udev_mutex). */
  MUTEX_UNLOCK("mutex_unlock"),
  DONE("done");

  private final String specName;

  TcmuPc(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }
}

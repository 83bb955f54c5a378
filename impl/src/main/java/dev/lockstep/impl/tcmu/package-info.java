/**
 * The tcmu data area ({@code drivers/target/target_core_user.c}; seed 002) as an executable model on {@link
 * dev.lockstep.impl.runtime}, mapping one-to-one onto specs/tcmu/TcmuFault.tla (the spec's header, each variant's
 * .cfg, and {@link dev.lockstep.impl.tcmu.TargetCoreUser} cite the source of each variant).
 *
 * <p>{@link dev.lockstep.impl.tcmu.TargetCoreUser} holds the device ({@code cmdr_lock}, the {@code data_pages} slot of
 * dpi 0, its {@code data_bitmap} bit, {@code global_page_count}, {@code root_udev_mutex}), the inode's {@code
 * invalidate_lock}, and the user mm ({@code mmap_lock} and its PTEs, a {@link dev.lockstep.impl.runtime.PageTable});
 * pages are {@link dev.lockstep.impl.runtime.PageAllocator} frames with reference counts and page locks. It runs the
 * faulting threads, {@code find_free_blocks}, one {@code queue_cmd_ring}, and with zero copy {@code tcmu_irqcontrol}
 * and a {@code munmap} of another range. {@link dev.lockstep.impl.tcmu.TcmuVariant} selects the code. {@code
 * mmap_lock} and {@code invalidate_lock} are {@link dev.lockstep.impl.runtime.RwSemaphore}s: a writer that finds the
 * semaphore busy queues in one step and takes it in a later one, and blocks new readers meanwhile.
 *
 * <h2>Steps, by spec action</h2>
 *
 * Labels are the runtime's; "a + b" is one merged step ({@link dev.lockstep.impl.runtime.Scheduler#atomic}), which is
 * how the model follows the spec where it merges several kernel operations into one action. [x] is only in some
 * variants; p is a page frame.
 *
 * <table>
 *   <caption>Spec action to Java step</caption>
 *   <tr><th>spec action</th><th>Java step (its label)</th></tr>
 *   <tr><td>DoUserAddrFault (zero copy)</td><td>{@code down_read(mm->mmap_lock)}</td></tr>
 *   <tr><td>TcmuVmaFault</td><td>{@code mutex_lock(udev->cmdr_lock)}; seed 002: {@code
 *       down_read(mapping->invalidate_lock)}</td></tr>
 *   <tr><td>XaLoad</td><td>{@code xa_load(&udev->data_pages, 0) [+ get_page(p)]}; an empty slot: {@code
 *       xa_load(&udev->data_pages, 0) + mutex_unlock(udev->cmdr_lock)} (or {@code up_read}), SIGBUS</td></tr>
 *   <tr><td>LockPage</td><td>{@code lock_page(p)}</td></tr>
 *   <tr><td>TcmuTryGetDataPageUnlock</td><td>{@code mutex_unlock(udev->cmdr_lock)}; seed 002: {@code
 *       up_read(mapping->invalidate_lock)}</td></tr>
 *   <tr><td>GetPage (pre-2022)</td><td>{@code get_page(p)}</td></tr>
 *   <tr><td>FinishFault</td><td>{@code finish_fault(mm, data_area[0], p)}</td></tr>
 *   <tr><td>UnlockPage</td><td>{@code unlock_page(p)}</td></tr>
 *   <tr><td>FaultMmapReadUnlock (zero copy)</td><td>{@code up_read(mm->mmap_lock)}</td></tr>
 *   <tr><td>FindFreeBlocks</td><td>{@code mutex_lock(root_udev_mutex)}</td></tr>
 *   <tr><td>WorkerMutexLock</td><td>{@code mutex_lock(udev->cmdr_lock)} (with tcmu_handle_completions'
 *       and find_last_bit's reads)</td></tr>
 *   <tr><td>TcmuCmdZerocopyUnmap(a)</td><td>{@code down_read(mm->mmap_lock)} by find_free_blocks or
 *       tcmu_irqcontrol</td></tr>
 *   <tr><td>ZapPageRange(a)</td><td>{@code zap_page_range(mm, zc_area[c0]) + up_read(mm->mmap_lock) +
 *       target_complete_cmd(c0)}</td></tr>
 *   <tr><td>FilemapInvalidateLock</td><td>{@code down_write(mapping->invalidate_lock)}: takes it, or queues</td></tr>
 *   <tr><td>FilemapInvalidateLockSlowpath</td><td>{@code down_write(mapping->invalidate_lock):woken}</td></tr>
 *   <tr><td>XaErase</td><td>{@code xa_erase(&udev->data_pages, 0)}</td></tr>
 *   <tr><td>LockPageUnlockPage</td><td>{@code lock_page(p) + unlock_page(p)}</td></tr>
 *   <tr><td>FreePage</td><td>{@code __free_page(p)}</td></tr>
 *   <tr><td>AtomicSub</td><td>{@code atomic_sub(1, &global_page_count)}</td></tr>
 *   <tr><td>UnmapMappingRange</td><td>{@code unmap_mapping_range(mm, data_area[0])}</td></tr>
 *   <tr><td>WorkerMutexUnlock</td><td>{@code [up_write(mapping->invalidate_lock) +] mutex_unlock(udev->cmdr_lock) +
 *       mutex_unlock(root_udev_mutex)}</td></tr>
 *   <tr><td>QueueCmdRing</td><td>{@code mutex_lock(udev->cmdr_lock)}, copy mode {@code + set_bit(0,
 *       udev->data_bitmap) + xa_load(&udev->data_pages, 0)}</td></tr>
 *   <tr><td>TcmuAllocDataSpace (seed-002-series)</td><td>{@code unmap_mapping_range(mm, data_area[0])}</td></tr>
 *   <tr><td>TcmuGetEmptyBlock</td><td>{@code alloc_page() + xa_store(&udev->data_pages, 0, p) +
 *       atomic_inc(&global_page_count)}</td></tr>
 *   <tr><td>ScatterDataArea</td><td>{@code scatter_data_area(p)} (copies the command's data into the page)</td></tr>
 *   <tr><td>TcmuCmdZerocopyMap</td><td>{@code down_read(mm->mmap_lock)}</td></tr>
 *   <tr><td>VmInsertPagesMkspecial</td><td>{@code vm_insert_pages_mkspecial(mm, zc_area[c1]) +
 *       up_read(mm->mmap_lock)}</td></tr>
 *   <tr><td>SubmitterMutexUnlock, CompletionMutexUnlock</td><td>{@code mutex_unlock(udev->cmdr_lock)}</td></tr>
 *   <tr><td>TcmuIrqcontrol</td><td>{@code mutex_lock(udev->cmdr_lock)} (with tcmu_handle_completions' read)</td></tr>
 *   <tr><td>MmapWriteLock</td><td>{@code down_write(mm->mmap_lock)}: takes it, or queues</td></tr>
 *   <tr><td>MmapWriteLockSlowpath</td><td>{@code down_write(mm->mmap_lock):woken}</td></tr>
 *   <tr><td>DoMunmap</td><td>{@code do_munmap(another range) + up_write(mm->mmap_lock)}</td></tr>
 *   <tr><td>Finished</td><td>none: the run completes</td></tr>
 * </table>
 *
 * No Java step is a stutter. Decisions the spec makes in a step (is the slot empty, is the block idle, is c0's
 * completion pending) are read by the task in the same step, under the lock that protects them. A writer queued on an
 * rw_semaphore is inside {@code down_write} between its two steps; the refinement mapping shows it at the spec's
 * {@code _wait} step. The Java model allows fewer behaviours than the spec, which refinement permits: {@code
 * alloc_page} hands out only a free frame whose reference count is 0, where the spec's {@code tcmu_get_empty_block}
 * may take a freed page whose count pre-2022's use after free raised again (a kernel that checks new pages reports
 * it as a bad page).
 *
 * <h2>Harness and what is not modelled</h2>
 *
 * As in the spec: one data-area slot with one PTE, one {@code find_free_blocks} run with {@code global_page_count}
 * over its limit, one submission, and with zero copy the in-flight command c0 (completed by user space) and the
 * submitted c1. Not modelled: the command ring, {@code qfull_queue}, timeouts, the zero-copy SGL pages themselves
 * (special PTEs hold no reference), and the {@code mmap_lock} of copy-mode faults (no copy-mode actor writes it).
 * {@link dev.lockstep.impl.tcmu.TcmuConfig#mutations()} undoes a fix on purpose, to show that refinement fails. The
 * refinement mapping to the spec's variables lives with the protocol binding in {@code refinement/}.
 *
 * <h2>Shared variables and the LKMM</h2>
 *
 * Declared {@link dev.lockstep.impl.runtime.SharedVariable}s: {@code udev->data_pages} (the slot: {@code xa_store}
 * and {@code xa_erase} under {@code cmdr_lock}, marked release; {@code xa_load} an RCU lookup, lockless in the
 * invalidate_lock variants), {@code udev->data_bitmap} and the ring's completion under {@code cmdr_lock}, {@code
 * global_page_count} ({@code atomic_t}). One unordered pair ({@code refinement/src/test/resources/lockless/tcmu.txt}):
 * the submitter's {@code xa_store} against a fault's lockless {@code xa_load}, the pattern of MP+assign+deref, whose
 * LKMM outcomes SC shows. Not declared: page reference counts, page locks and PTEs (the runtime's {@link
 * dev.lockstep.impl.runtime.PageAllocator} and {@link dev.lockstep.impl.runtime.PageTable}, operated through the
 * kernel's API).
 */
package dev.lockstep.impl.tcmu;

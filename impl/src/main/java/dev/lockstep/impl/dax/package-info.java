/**
 * The virtiofs DAX window reclaim protocol ({@code fs/fuse/dax.c}, and the 2019/2020 series it grew
 * from) as an executable model on {@link dev.lockstep.impl.runtime}, mapping one-to-one onto
 * specs/dax/DaxReclaim.tla (specs/dax/IMPL-NOTES.md is the contract; the spec's header cites the
 * source of each variant).
 *
 * <p>{@link dev.lockstep.impl.dax.FuseDax} holds the connection, inodes and dmaps and runs the
 * reader tasks ({@code fuse_dax_read_iter}), faulter tasks ({@code __fuse_dax_fault}) and the
 * reclaim worker ({@code fuse_dax_free_mem_worker}); {@link dev.lockstep.impl.dax.DaxVariant}
 * selects the code. Locks and lock order are the kernel's: {@code i_rwsem} -> {@code
 * invalidate_lock} -> DAX entry -> {@code fi->dax->sem} -> {@code fcd->lock}; the data each lock
 * protects is checked at every access ({@code lockdep_assert_held}).
 *
 * <h2>Steps, by spec action</h2>
 *
 * Labels are the runtime's; "a + b" is one merged step ({@link
 * dev.lockstep.impl.runtime.Scheduler#atomic}), which is how the model follows the spec where it
 * merges a critical section into one action.
 *
 * <table>
 *   <caption>Spec action to Java step</caption>
 *   <tr><th>spec action</th><th>Java step (its label)</th></tr>
 *   <tr><td>FuseDaxReadIter / InodeLockShared</td><td>{@code down_read(i.i_rwsem)}, first / after
 *       the wait (2019 read: "goto retry")</td></tr>
 *   <tr><td>FuseDaxFault / FilemapInvalidateLockShared</td><td>{@code down_read(i.invalidate_lock)},
 *       first / after -EAGAIN and the wait</td></tr>
 *   <tr><td>GrabMappingEntry</td><td>{@code grab_mapping_entry(entry(i@r))}</td></tr>
 *   <tr><td>FuseIomapBegin</td><td>{@code down_read(i.dax->sem) [+ inc] + up_read}</td></tr>
 *   <tr><td>AllocDaxMapping (+ AllocFailed)</td><td>{@code spin_lock(fcd->lock) + spin_unlock}, and
 *       when nothing is free the caller's failure path: {@code up_read(i.i_rwsem)} (2019 read,
 *       -ENOSPC), {@code dax_unlock_entry + up_read(i.invalidate_lock)} (upstream fault,
 *       -EAGAIN)</td></tr>
 *   <tr><td>FuseSetupNewDaxMapping</td><td>{@code down_write(i.dax->sem) + ... + up_write}</td></tr>
 *   <tr><td>WaitEventRangeWaitq</td><td>{@code wait_event[_killable_exclusive](fcd->range_waitq,
 *       ...)}: the pre-check and first check; queues the task if it must wait</td></tr>
 *   <tr><td>WaitEventCondition</td><td>{@code wait_event(...):check}</td></tr>
 *   <tr><td>PrepareToWaitEvent</td><td>{@code wait_event(...):woken} (a wake_up took the task off
 *       the queue)</td></tr>
 *   <tr><td>CopyToUser / VmfInsertMixed</td><td>the in-flight access {@code copy_to_user(d)} /
 *       {@code vmf_insert_mixed(d)} performs (the latter leaves the PTE)</td></tr>
 *   <tr><td>AtomicDecVisible</td><td>{@code atomic_dec(d.refcnt)} while the copy is in flight
 *       (refcount-relaxed)</td></tr>
 *   <tr><td>FuseIomapEnd</td><td>{@code [dec +] up_read(i.i_rwsem)}; for a fault {@code [dec +]
 *       dax_unlock_entry + up_read(i.invalidate_lock)}</td></tr>
 *   <tr><td>FilemapInvalidateLock</td><td>{@code down_write(i.invalidate_lock)[:woken]}, for the
 *       upstream worker {@code + fuse_dax_break_layouts(i, [start])}</td></tr>
 *   <tr><td>InodeLookupFirstDmap</td><td>{@code down_read(i.dax->sem) + ... + up_read +
 *       fuse_dax_break_layouts(i, [start])}, or if nothing is found {@code +
 *       up_write(i.invalidate_lock)}</td></tr>
 *   <tr><td>InodeInlineReclaimOneDmap</td><td>{@code down_write(i.dax->sem) + ... + up_write +
 *       up_write(i.invalidate_lock)}</td></tr>
 *   <tr><td>FuseBreakDaxLayouts</td><td>{@code fuse_dax_break_layouts(i, [0, 1, ...])} (v1 fault
 *       path)</td></tr>
 *   <tr><td>InodeReclaimOneDmapLocked</td><td>{@code down_write(i.dax->sem) + ... + up_write} (v1
 *       fault path)</td></tr>
 *   <tr><td>FuseDaxFreeMemWorker</td><td>{@code fuse_dax_free_mem_worker}</td></tr>
 *   <tr><td>TryToFreeDmapChunks</td><td>{@code spin_lock(fcd->lock) [+ count reads] +
 *       spin_unlock}</td></tr>
 *   <tr><td>InodeTrylock</td><td>{@code down_write_trylock(i.i_rwsem)}</td></tr>
 *   <tr><td>LookupAndReclaimDmapLocked</td><td>{@code down_write(i.dax->sem) + ... + up_write +
 *       up_write(i.invalidate_lock) [+ up_write(i.i_rwsem)]}</td></tr>
 * </table>
 *
 * Stutters (no spec variable changes): a writer queueing on a busy rw_semaphore (its {@code
 * :woken} step is the action). The RFC's worker on its first pass reaches {@code
 * lookup_and_reclaim_dmap} with a NULL inode and never takes another step ({@code
 * get_fuse_inode(NULL)}), as the spec's worker has no step there. The Java model allows fewer
 * behaviours than the spec, which refinement permits: a queued writer blocks new readers, and the
 * worker and the inline lookups pick the first candidate in list or tree order where the spec picks
 * any.
 *
 * <h2>Memory ordering</h2>
 *
 * The copy from the window is a plain access ({@link
 * dev.lockstep.impl.runtime.Scheduler#access}); refcount-relaxed's {@code atomic_dec} is relaxed
 * and may be chosen before the copy has performed (seed 000's reorder), while {@code
 * refcount_dec_and_test} (release) and the unlocks cannot.
 *
 * <h2>Shared variables and the LKMM</h2>
 *
 * Declared {@link dev.lockstep.impl.runtime.SharedVariable}s: {@code fcd->free_ranges}, {@code fcd->busy_ranges}
 * and {@code fcd->nr_free_ranges} under {@code fcd->lock}; {@code fi->dax->tree} (and {@code fi->dax->nr}) under
 * {@code fi->dax->sem}; {@code dmap->refcnt} ({@code atomic_t} or {@code refcount_t}, every access marked); {@code
 * dmap->inode} and {@code dmap->itn.start}, stored only while neither the busy list nor a tree holds the dmap and
 * loaded under {@code fcd->lock} or the inode's {@code fi->dax->sem} (locking.txt's MP+polocks and its converse: the
 * lock that publishes or unpublishes the dmap orders the store; {@code SharedVariable.published}). The
 * kernel reads {@code fcd->nr_free_ranges} (the wait conditions) and {@code fi->dax->nr} ({@code
 * alloc_dax_mapping_reclaim}: "We are not holding fi->dax->sem. So it is possible that range gets added now") with
 * plain loads and no lock: declared as racy loads. The unordered pairs and the litmus test deciding each are in
 * {@code refinement/src/test/resources/lockless/dax.txt}: every pattern's LKMM outcomes are outcomes of {@code
 * LKMM_SUBSET}, the model the gate runs DAX under. Not declared: the window's contents (the in-flight copy against
 * reclaim, whose ordering is the refcount's, seed 000's litmus tests) and the page tables ({@code vmf_insert_mixed}
 * and {@code unmap_mapping_pages} take the page-table lock, which the model leaves out).
 *
 * <h2>Harness</h2>
 *
 * Each task performs its configured accesses in order (the spec chooses inode and range freely),
 * an endless task again and again; the worker repeats {@code fuse_dax_free_mem_worker} until every
 * access has completed (forever with an endless task). {@link
 * dev.lockstep.impl.dax.DaxConfig#mutations()} breaks a fix on purpose, to show the checks fail.
 * Observers read the state between steps through {@link dev.lockstep.impl.dax.FuseDax#tasks()} and
 * its siblings; the refinement mapping to the spec's variables lives with the protocol binding in
 * {@code refinement/}.
 */
package dev.lockstep.impl.dax;

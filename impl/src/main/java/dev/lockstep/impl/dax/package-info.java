/**
 * The virtiofs DAX window reclaim protocol ({@code fs/fuse/dax.c}) as an executable model on
 * {@link dev.lockstep.impl.runtime}, mapping one-to-one onto specs/dax/DaxReclaim.tla.
 *
 * <p>{@link dev.lockstep.impl.dax.FuseDax} holds the connection, inodes and dmaps and runs the
 * reader tasks ({@code fuse_dax_read_iter}), faulter tasks ({@code __fuse_dax_fault}) and the
 * reclaim worker ({@code fuse_dax_free_mem_worker}); {@link dev.lockstep.impl.dax.DaxVariant}
 * selects the spec's variant. Locks and lock order are the kernel's: {@code i_rwsem} -> {@code
 * invalidate_lock} -> DAX entry -> {@code fi->dax->sem} -> {@code fcd->lock}.
 *
 * <h2>Refinement</h2>
 *
 * {@link dev.lockstep.impl.dax.FuseDax#snapshot()} returns a {@link dev.lockstep.impl.dax.DaxState}
 * whose fields are the spec's variables. After every step (observe with a {@link
 * dev.lockstep.impl.runtime.StepListener}) the snapshot either equals the one before (stutter) or
 * the pair is a step of the spec's {@code Next}. Where the spec merges a critical section into one
 * action, the model wraps it in {@link dev.lockstep.impl.runtime.Scheduler#atomic} so it is one
 * step too. Steps, by spec action (labels are the runtime's; "a + b" is one merged step):
 *
 * <table>
 *   <caption>Spec action to Java step</caption>
 *   <tr><th>spec action</th><th>Java step (its label)</th></tr>
 *   <tr><td>FuseDaxReadIter</td><td>{@code down_read(i.i_rwsem)}</td></tr>
 *   <tr><td>FuseDaxFault</td><td>{@code down_read(i.invalidate_lock)}, the first time</td></tr>
 *   <tr><td>FilemapInvalidateLockShared</td><td>{@code down_read(i.invalidate_lock)}, after
 *       -EAGAIN and the wait</td></tr>
 *   <tr><td>GrabMappingEntry</td><td>{@code grab_mapping_entry(entry(i@r))}</td></tr>
 *   <tr><td>FuseIomapBegin</td><td>{@code down_read(i.dax->sem) [+ inc] + up_read}</td></tr>
 *   <tr><td>AllocDaxMapping (+ AllocFailed)</td><td>{@code spin_lock(fcd->lock) +
 *       spin_unlock [+ dax_unlock_entry + up_read(invalidate_lock)] [+ wait_event(...)]}</td></tr>
 *   <tr><td>WaitEventRangeWaitq</td><td>{@code wait_event(fcd->range_waitq, ...):woken} with the
 *       condition true</td></tr>
 *   <tr><td>FuseSetupNewDaxMapping</td><td>{@code down_write(i.dax->sem) + ... + up_write}</td></tr>
 *   <tr><td>CopyToUser / VmfInsertMixed</td><td>the in-flight access {@code copy_to_user(d)} /
 *       {@code vmf_insert_mixed(d)} performs</td></tr>
 *   <tr><td>AtomicDecVisible</td><td>{@code atomic_dec(d.refcnt)} while the copy is in flight
 *       (refcount-relaxed)</td></tr>
 *   <tr><td>FuseIomapEnd</td><td>{@code [dec +] up_read(i.i_rwsem)}; for a fault {@code [dec +]
 *       dax_unlock_entry + up_read(i.invalidate_lock)}</td></tr>
 *   <tr><td>FilemapInvalidateLock</td><td>{@code down_write(i.invalidate_lock)[:woken]}, for the
 *       worker {@code + fuse_dax_break_layouts(i, [start])}</td></tr>
 *   <tr><td>InodeLookupFirstDmap</td><td>{@code down_read(i.dax->sem) + ... + up_read}, for a read
 *       {@code + fuse_dax_break_layouts(i, [start])} or, if nothing is found, {@code +
 *       up_write(i.invalidate_lock)}</td></tr>
 *   <tr><td>FuseDaxBreakLayouts</td><td>{@code fuse_dax_break_layouts(i, [0, 1, ...])} (v1 fault
 *       path only)</td></tr>
 *   <tr><td>InodeInlineReclaimOneDmap</td><td>{@code down_write(i.dax->sem) + ... + up_write [+
 *       up_write(i.invalidate_lock)]}</td></tr>
 *   <tr><td>FuseDaxFreeMemWorker</td><td>{@code fuse_dax_free_mem_worker}</td></tr>
 *   <tr><td>TryToFreeDmapChunks</td><td>{@code spin_lock(fcd->lock) [+ count reads] +
 *       spin_unlock}</td></tr>
 *   <tr><td>InodeTrylock</td><td>{@code down_write_trylock(i.i_rwsem)}</td></tr>
 *   <tr><td>LookupAndReclaimDmapLocked</td><td>{@code down_write(i.dax->sem) + ... + up_write +
 *       up_write(i.invalidate_lock) [+ up_write(i.i_rwsem)]}</td></tr>
 * </table>
 *
 * Stutters (no spec variable changes): a writer queueing on a busy invalidate_lock ({@code
 * down_write(i.invalidate_lock)}, its {@code :woken} step is the action), a sleeper woken while
 * {@code nr_free_ranges == 0}. {@code fi->dax->sem} is only ever held inside one step, so it is
 * free between steps, as the spec assumes; {@link dev.lockstep.impl.dax.DaxInvariants} checks it. The Java model allows fewer behaviours than the spec in three places, which is what
 * refinement permits: a queued writer blocks new readers (the spec does not model writer
 * preference), the worker and {@code inode_lookup_first_dmap} pick the first candidate in list /
 * tree order where the spec picks any, and a sleeper leaves {@code wait_event} only after a
 * {@code wake_up} (every free calls one, so no behaviour the spec needs is lost).
 *
 * <h2>Memory ordering</h2>
 *
 * The copy from the window is a plain access ({@link
 * dev.lockstep.impl.runtime.Scheduler#access}); refcount-relaxed's {@code atomic_dec} is relaxed
 * and may be chosen before the copy has performed (seed 000's reorder), while {@code
 * refcount_dec_and_test} (release) and the unlocks cannot.
 *
 * <h2>Harness</h2>
 *
 * Each task performs its configured accesses in order (the spec chooses inode and range freely);
 * the worker repeats {@code fuse_dax_free_mem_worker} until every access has completed, then
 * returns (pc "idle"). {@link dev.lockstep.impl.dax.DaxInvariants} evaluates the spec's safety
 * invariants on snapshots.
 */
package dev.lockstep.impl.dax;

/**
 * FUSE writeback-cache writeback of one page ({@code fs/fuse/file.c}) and {@code sync(2)} as an executable model on
 * {@link dev.lockstep.impl.runtime}, mapping step for step onto specs/writeback/FuseWriteback.tla (whose header and
 * README cite the source of each design: the temp-page era read in {@code file.c} as stored for about v5.1, where
 * {@code fuse_writepage_add} is still called {@code fuse_writepage_in_flight}; 8b284dc47291's chain; seed 003's RFC;
 * 0c58a97f919c at v6.16; 2d82ab251ef0, 660585b56e63 and f9a49aa302a0 for sync).
 *
 * <p>{@link dev.lockstep.impl.writeback.FuseWriteback} holds the folio ({@link dev.lockstep.impl.runtime.Folio}:
 * lock, {@code PG_dirty}, {@code PG_writeback}), the PTE, {@code fi->writepages} with secondaries on {@code
 * wpa->next}, the queue of sent WRITEs, {@code fc->curr_bucket} and the server's file, and runs the tasks {@code app}
 * (mmap stores), {@code write} (write(2)), {@code gup1..} (direct reads into the mmapped buffer), {@code flusher},
 * {@code sync} and {@code server1}, {@code server2}. {@link dev.lockstep.impl.writeback.WritebackDesign} and the
 * transport and kernel of {@link dev.lockstep.impl.writeback.WritebackConfig} select the code.
 *
 * <h2>Steps, by spec action</h2>
 *
 * Labels are the runtime's; "a + b" is one merged step ({@link dev.lockstep.impl.runtime.Scheduler#atomic}), the
 * first operation carrying the action's guard. Every other step changes nothing the spec sees (a stutter): the
 * flusher and the server threads returning once nothing is left to do.
 *
 * <table>
 *   <caption>Spec action to Java step</caption>
 *   <tr><th>spec action</th><th>Java step (its label)</th></tr>
 *   <tr><td>HandleMmFault (app)</td><td>{@code store(storeK)} finding the PTE write-protected</td></tr>
 *   <tr><td>HandleMmFault (gup)</td><td>{@code get_user_pages(FOLL_WRITE)} finding it write-protected</td></tr>
 *   <tr><td>FusePageMkwrite</td><td>{@code fuse_wait_on_page_writeback} (temp pages) / {@code
 *       folio_wait_writeback(folio)} (v6.16) / nothing (RFC: {@code folio_wait_stable} returns at once) {@code +
 *       lock_page + folio_mark_dirty + wp_page_reuse(pte writable) + unlock_page}</td></tr>
 *   <tr><td>MmapStore</td><td>{@code store(storeK)} with the PTE writable</td></tr>
 *   <tr><td>GetUserPages</td><td>{@code get_user_pages(FOLL_WRITE)} with the PTE writable</td></tr>
 *   <tr><td>FuseReleaseUserPages</td><td>{@code fuse_copy_page(pinned page) + lock_page + folio_mark_dirty +
 *       unlock_page} (set_page_dirty_lock)</td></tr>
 *   <tr><td>GenericPerformWrite</td><td>[{@code fuse_wait_on_page_writeback +}] {@code lock_page +
 *       copy_page_from_iter_atomic + folio_mark_dirty + unlock_page}</td></tr>
 *   <tr><td>FuseWritepagesFill (flusher)</td><td>{@code wb_writeback(WB_SYNC_NONE) + lock_page +
 *       folio_clear_dirty_for_io + folio_mkclean + folio_start_writeback + fuse_writepages_fill [+
 *       folio_end_writeback] + unlock_page}</td></tr>
 *   <tr><td>FuseWritepagesFill (sync)</td><td>the same after {@code sync_inodes_sb(WB_SYNC_ALL)}</td></tr>
 *   <tr><td>FuseWritepagesSend</td><td>{@code fuse_writepages_send [+ folio_end_writeback] +
 *       inode_sync_complete}</td></tr>
 *   <tr><td>SyncFilesystem</td><td>{@code sync_filesystem}</td></tr>
 *   <tr><td>SyncInodesSbClean</td><td>{@code sync_inodes_sb(WB_SYNC_ALL)} finding the page clean</td></tr>
 *   <tr><td>WaitSbInodes</td><td>{@code folio_wait_writeback(folio)} / {@code wait_sb_inodes(AS_NO_DATA_INTEGRITY:
 *       skipped)} (v6.19)</td></tr>
 *   <tr><td>FuseSyncFs</td><td>{@code fuse_sync_fs(returns at once)} / {@code fuse_sync_fs_writes(swap
 *       fc->curr_bucket)}</td></tr>
 *   <tr><td>FuseSyncFsWait</td><td>{@code wait_event(bucket->waitq, count == 0)}</td></tr>
 *   <tr><td>FuseDevDoRead</td><td>{@code fuse_dev_do_read} (any sent request: a choice of the schedule)</td></tr>
 *   <tr><td>FuseWritepageEnd</td><td>{@code fuse_dev_do_write(pwrite to the server's file) + fuse_writepage_end [+
 *       folio_end_writeback]}</td></tr>
 * </table>
 *
 * <h2>Simplifications (beyond the spec's)</h2>
 *
 * <ul>
 *   <li>Waits ({@code fuse_wait_on_page_writeback}'s {@code wait_event}, {@code folio_wait_writeback}, the bucket's
 *       {@code wait_event}) are guarded scheduling points: the wake-ups of {@code fuse_writepage_finish}, {@code
 *       folio_end_writeback} and {@code fuse_sync_bucket_dec} come with every change of their conditions here, so
 *       none can be missed and the sleep/wake steps would all be stutters.
 *   <li>{@code fuse_page_mkwrite} (v6.16) and {@code fuse_write_begin} (temp pages, RFC) wait while holding the folio
 *       lock; here the wait comes just before the lock. The folio lock is never held between steps (every holder's
 *       critical section is one step, as in the spec), so this admits the same interleavings as the spec.
 *   <li>The flusher writes back whenever the page is dirty, not under writeback, and {@code I_SYNC} is free, and
 *       returns once the page is clean and every store, write and read is done. Like the spec's, it may write
 *       back between every fault and the store it retries, forever (a cycle, pruned by the exploration); replays
 *       bound its passes, since their fair continuation could follow that cycle ({@code WritebackConfig}).
 *       The servers return once no request is left and neither writer can send one.
 * </ul>
 *
 * <h2>Shared variables and the LKMM</h2>
 *
 * The model's lockless shared state is the folio's {@code PG_dirty} and {@code PG_writeback}, declared by {@link
 * dev.lockstep.impl.runtime.Folio} as {@link dev.lockstep.impl.runtime.SharedVariable}s with the kernel's bit
 * operations: {@code folio_test_set_dirty} / {@code folio_test_clear_dirty} and {@code folio_test_set_writeback}, fully
 * ordered when they change the bit, and when they do not a relaxed load before v6.0 (Documentation/atomic_bitops.txt
 * from 2018, 61e02392d3c7) and fully ordered from v6.0 (415d83249709): the folio is built for the config's kernel,
 * so the temp-page models (v5.11 to v6.15) declare the weaker; {@code folio_end_writeback}'s clear a release (v6.7's
 * {@code folio_xor_flags_has_waiters}; fully ordered before: the weaker is declared) and {@code
 * folio_wait_writeback}'s {@code folio_test_writeback} a relaxed {@code test_bit} that ends a wait loop. Every access
 * to {@code PG_dirty} here holds the folio lock, as the kernel's do, so it has no unordered pair; {@code PG_writeback}
 * has 15 (refinement's lockless/writeback.txt). Five of them, a {@code folio_wait_writeback} against a {@code
 * folio_end_writeback}, are message passing through the end of writeback, where the LKMM lets a waiter that finds the
 * bit clear act before the ending task's earlier accesses (litmus writeback+end-then-wait: a loop's condition orders
 * nothing after the loop) unless a fully ordered operation follows the test. Each waiting path has one in the kernel,
 * declared here: {@code wait_sb_inodes}' {@code iput} ({@code inode->i_count}, in the wait's own step) and the fault's
 * {@code folio_mark_dirty} (fully ordered from v6.0; only the v6.16+ models wait on {@code PG_writeback} in {@code
 * fuse_page_mkwrite}). The refinement module's lockless test checks that every such wait is fenced in its step
 * (SharedAccesses' unfenced waits), and the pairs are then writeback+end-then-sync and writeback+end-then-mkwrite
 * (Never under the LKMM, as under SC).
 * Simplifications: the bits share one word, {@code folio->flags} (with {@code PG_locked}), in the kernel, where every
 * bit operation on it accesses one location; here they are separate variables, so no pair across the bits is listed.
 * The kernel sets and clears {@code PG_writeback} under the mapping's {@code i_pages} lock too, and tests it under the
 * folio lock in {@code fuse_page_mkwrite}, neither of which the model has, so those pairs are listed although the
 * kernel orders them. The tests of {@code write_cache_pages} ({@code folio_test_dirty}, {@code folio_test_writeback}
 * under the folio lock) are part of the writeback steps' guards here and are not recorded.
 *
 * <p>Nothing else is declared: the kernel's critical sections under {@code fi->lock} ({@code fi->writepages}, the
 * queued requests, the buckets), the inode's {@code I_SYNC} and the page-table lock are each one step of the model,
 * so there is no lock a declaration could name; the page's contents against the server's copy are a data race by
 * design (user stores and a copy, which the LKMM does not order: explanation.txt, "PLAIN ACCESSES AND DATA RACES"),
 * each one step, and every interleaving of those steps is explored.
 */
package dev.lockstep.impl.writeback;

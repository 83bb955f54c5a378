/**
 * A deterministic runtime for kernel-style Java: simulated tasks written as straight-line methods,
 * kernel-like primitives, and schedules that decide every interleaving.
 *
 * <h2>Tasks and steps</h2>
 *
 * Each task ({@link dev.lockstep.impl.runtime.Scheduler#spawn}) runs on its own platform thread,
 * but a baton guarantees that exactly one runs at a time. Every primitive operation is a
 * <em>scheduling point</em>: the task announces its next operation (a label such as {@code
 * down_write(fi->dax->sem)}, an {@link dev.lockstep.impl.runtime.Ordering}, and for blocking
 * operations a guard) and gives up the baton. The {@link dev.lockstep.impl.runtime.Schedule} is
 * offered the enabled alternatives and picks one; the picked operation's effect runs atomically,
 * as one <em>step</em>, and its task continues with task-local code up to its next scheduling
 * point. Shared state may only change inside effects. A blocking operation is enabled only while
 * its guard holds, so a blocked task is simply one whose pending operation is not enabled.
 *
 * <p>Schedules: {@link dev.lockstep.impl.runtime.Schedules#replay replay} (task or task:label
 * entries), {@link dev.lockstep.impl.runtime.Schedules#random seeded random}, and exhaustive
 * enumeration by {@link dev.lockstep.impl.runtime.Explorer} (stateless DFS with optional
 * state-hash pruning). The alternatives are offered in a deterministic order and effects must be
 * deterministic, so the same schedule always gives the same execution.
 *
 * <h2>Atomic sections</h2>
 *
 * Where a specification treats a critical section as one action, a model wraps the code in
 * {@link dev.lockstep.impl.runtime.Scheduler#atomic}: after the section's first operation
 * completes, its later operations run in the same step (the listener sees one step labelled
 * "op1 + op2 + ..."). An operation that must wait for in-flight accesses splits the step there; one
 * that would block fails the run. A writer that queued on a busy rw_semaphore engages the section
 * only once it holds the semaphore.
 *
 * <h2>Page-cache folios</h2>
 *
 * {@link dev.lockstep.impl.runtime.Folio} is a folio's {@code PG_locked} (a {@link
 * dev.lockstep.impl.runtime.PageLock}), {@code PG_dirty} and {@code PG_writeback}, each change a
 * scheduling point named as the kernel's helper ({@code folio_mark_dirty}, {@code
 * folio_clear_dirty_for_io}, {@code folio_start_writeback}, {@code folio_end_writeback}), and
 * {@code folio_wait_writeback}, a blocking operation enabled once {@code PG_writeback} is clear (the
 * wake-up of {@code folio_end_writeback} is that guard becoming true). Clearing dirty for I/O and
 * starting writeback outside the folio lock, starting writeback twice or ending it when not
 * started fail the run as a {@link dev.lockstep.impl.runtime.KernelWarning}. Contents and page
 * tables are the model's own (the writeback model keeps the content as a version number).
 *
 * <h2>Agents</h2>
 *
 * Actors outside the tasks act through {@link dev.lockstep.impl.runtime.Scheduler#defer}: each
 * queued action of an agent is an alternative of its own, enabled while its guard holds, so the
 * schedule may perform them in any order and at any later step; the run completes only when none
 * is left. RCU's callbacks are the agent {@code "rcu"}; a model may add others (a FUSE server
 * answering queued requests).
 *
 * <h2>Memory errors</h2>
 *
 * {@link dev.lockstep.impl.runtime.Kasan} objects check every access of the primitives living in
 * them ({@link dev.lockstep.impl.runtime.AtomicT}, {@link dev.lockstep.impl.runtime.WaitQueue}):
 * an access after {@code kfree}, or after the grace period of {@code kfree_rcu} (whose callback
 * poisons the object), and an access to a {@code union} member another member's write has
 * overwritten, are reported with the task and the access, and the run goes on ({@code
 * kasan.fault=report}). {@link dev.lockstep.impl.runtime.Rcu#kfreeRcu(Kasan.Allocation, String,
 * Runnable)} writes the object's {@code rcu_head} when it is called, which is one path of the
 * kernel's (Tiny RCU always; Tree RCU when the pointer does not fit its per-CPU bulk array), so
 * what it shows is realisable, not inevitable. {@code wake_up} can be split in two steps ({@link
 * dev.lockstep.impl.runtime.WaitQueue#wakeUpLock}, {@link
 * dev.lockstep.impl.runtime.WaitQueue#wakeUpUnlock}), between which the waker is inside the queue's
 * memory and holds its lock. Not modelled: reuse of freed memory by a later allocation, partial
 * overlap within a union (a write overwrites every other member), and reads of uninitialised
 * memory (of slab objects).
 *
 * <p>Page frames ({@link dev.lockstep.impl.runtime.PageAllocator}) are reused: each has a reference
 * count, freed by the last put, and a page lock; a use of a freed frame is reported naming the task,
 * the access, and the task and operation that freed it. {@link dev.lockstep.impl.runtime.PageTable}
 * holds one mm's PTEs: a PTE holds a reference to its page (a special one none), so a mapping that
 * outlives the kernel's use of the page shows as a PTE for a page other than the current one.
 *
 * <h2>Observation</h2>
 *
 * A {@link dev.lockstep.impl.runtime.StepListener} is called once per step with (step number,
 * task, label), after the stepping task has reached its next scheduling point, so the listener sees
 * the full post-state of the step. Nothing else is recorded: memory does not grow with the number
 * of steps ({@link dev.lockstep.impl.runtime.Schedules#recording} keeps a trace on request).
 *
 * <h2>Lock order across runs</h2>
 *
 * A {@link dev.lockstep.impl.runtime.LockDep} attached to the runs of an exploration records, as the kernel's lockdep
 * does, which lock classes (named by each lock's constructor: {@code fi->dax->sem} for every inode's) are taken while
 * others are held, with lockdep's dependency kinds for readers, and sleeps in {@code wait_event}, waits for page and
 * DAX-entry locks and wake-ups as dependencies too. {@link dev.lockstep.impl.runtime.LockCycles} finds the cycles that
 * can deadlock, {@link dev.lockstep.impl.runtime.LockDepReport} prints them as lockdep does, {@link
 * dev.lockstep.impl.runtime.LockGraphPicture} draws the graph (DOT, SVG), and a {@link
 * dev.lockstep.impl.runtime.LockOrder} is a protocol's documented order to check it against. An ABBA shows as a cycle
 * though no run interleaved it into a deadlock. Cost: one stack walk per acquisition (the call site) and a hash lookup
 * per dependency; nothing without a {@code LockDep}.
 *
 * <h2>Ends of a run</h2>
 *
 * {@link dev.lockstep.impl.runtime.Scheduler#run} always returns: {@code Completed}; {@code
 * Deadlock} when live tasks remain but nothing is enabled, naming each blocked task, its operation
 * and what it waits for (resource and holders), with the cycles of the wait-for graph; {@code
 * StepBoundExceeded} (livelock); {@code Failed} when a body, effect, listener or the schedule
 * throws ({@link dev.lockstep.impl.runtime.KernelWarning} for kernel WARNs such as refcount
 * underflow); {@code Stopped} by the schedule. Afterwards every task thread has been unwound (an
 * internal {@code Error} is thrown from its pending scheduling point) and joined.
 *
 * <h2>Shared variables: which accesses the memory model can matter for</h2>
 *
 * A model declares each variable more than one task accesses as a {@link
 * dev.lockstep.impl.runtime.SharedVariable}, with the lock that protects it, and each access the way the kernel code
 * makes it: plain (must hold the lock, exclusively to store; otherwise the run fails with a {@link
 * dev.lockstep.impl.runtime.DataRace}), a plain load the kernel makes without the lock ({@code racyLoad}, declared),
 * a member of an object that lists or trees publish under their locks ({@code published}: stored only while
 * unpublished, loaded under one of those locks),
 * or marked with its {@link dev.lockstep.impl.runtime.Ordering} (READ_ONCE, WRITE_ONCE, atomics, acquire/release,
 * fully ordered; {@link dev.lockstep.impl.runtime.AtomicT}, {@link dev.lockstep.impl.runtime.RefcountT} and {@link
 * dev.lockstep.impl.runtime.RcuPointer} declare theirs). {@link dev.lockstep.impl.runtime.SharedAccesses}, attached to
 * the runs of an exploration, lists the <em>unordered pairs</em>: two accesses to one variable by two tasks, one
 * writing, not both holding one lock (one of them exclusively), not both fully ordered. Only there can the LKMM allow
 * an outcome that no interleaving shows: critical sections of one lock run one after the other, each seeing what was
 * done before the lock was released (tools/memory-model/Documentation/locking.txt, "Locking", and its converse), an
 * unlock followed by a lock on one CPU orders everything before it before everything after it (explanation.txt,
 * "LOCKING"), and a fully ordered atomic acts as {@code smp_mb()} on both sides (Documentation/atomic_t.txt). That an
 * execution all of whose conflicting accesses are so ordered has only sequentially consistent outcomes is the
 * project's argument from those rules (the sections then form an acyclic order, and each reads what the sections
 * before it wrote), not a theorem the documents state; locking.txt's Z6.0 example shows it fails as soon as one access
 * is outside the lock, which is an unordered pair here. Which litmus pattern each pair has, and whether the run's
 * memory model shows every outcome the LKMM allows there, is the protocol's list (refinement's {@code
 * LocklessAccessesTest}). Cost: a lock-ownership test per plain access; with {@code SharedAccesses} attached, a stack
 * walk and a scan of the scheduler's locks per access.
 *
 * <h2>Memory ordering: exactly what is modelled</h2>
 *
 * Each run chooses its memory model ({@link dev.lockstep.impl.runtime.Scheduler#useMemoryModel}):
 * {@link dev.lockstep.impl.runtime.MemoryModel#SC} or {@link
 * dev.lockstep.impl.runtime.MemoryModel#LKMM_SUBSET} (the default). Under SC every operation waits
 * for its task's in-flight plain accesses. Under LKMM_SUBSET operations are sequentially consistent
 * with one exception, the one the Linux-kernel memory model allows and protocols get wrong: <em>an
 * unordered operation may take effect before the task's earlier plain accesses</em>, and the step
 * in which it does is flagged ({@link dev.lockstep.impl.runtime.Scheduler#stepReordered}), so a
 * refinement check can tell a reordering from an ordinary step. Under both, a plain access
 * performs as a step of its own, so the two models give the same steps in the same order whenever
 * nothing overtakes an access, and a model without plain accesses runs identically under both.
 *
 * <ul>
 *   <li>A plain access ({@link dev.lockstep.impl.runtime.Scheduler#access}, e.g. the loads of
 *       {@code copy_to_user} from a DAX window) does not take effect when issued; it is <em>in
 *       flight</em> until the schedule chooses to perform it, which is a step of its own with the
 *       access's label. In-flight accesses of one task perform in program order.
 *   <li>Under LKMM_SUBSET, an operation with {@link dev.lockstep.impl.runtime.Ordering#RELAXED
 *       RELAXED} or {@link dev.lockstep.impl.runtime.Ordering#ACQUIRE ACQUIRE} ordering is enabled
 *       regardless of the task's in-flight accesses, so the schedule can make it visible before
 *       them. Example:
 *       {@code atomic_dec} after {@code copy_to_user} may become visible while the copy is still
 *       reading, and a reclaimer then sees the count drop.
 *   <li>An operation with {@link dev.lockstep.impl.runtime.Ordering#RELEASE RELEASE} or {@link
 *       dev.lockstep.impl.runtime.Ordering#FULL FULL} ordering is enabled only once all of the
 *       task's earlier accesses have performed. Example: {@code refcount_dec_and_test} (release)
 *       can never be seen before the copy finished.
 *   <li>A model may leave a release write in flight too ({@link
 *       dev.lockstep.impl.runtime.Scheduler#bufferRelease}: a release store and the unlock after
 *       it, issued together, performed as one step when the schedule chooses, after the task's
 *       earlier in-flight accesses). Under LKMM_SUBSET only a RELAXED operation may take effect
 *       before it (a release orders what precedes it, not what follows); an ACQUIRE one waits,
 *       which is stronger than the LKMM. Example: {@code fuse_sync_fs_writes}' {@code atomic_dec}
 *       of the old bucket after {@code rcu_assign_pointer} and {@code spin_unlock}; until the
 *       write performs, the lock stays held and the pointer unchanged for every other task.
 * </ul>
 *
 * Orderings of the primitives: lock acquisitions ({@code mutex_lock}, {@code spin_lock}, {@code
 * down_read}, {@code down_write}, trylocks, {@code lock_page}, {@code grab_mapping_entry}) are
 * ACQUIRE; unlocks and {@code rcu_read_unlock} (the section's accesses stay inside it, as the
 * LKMM's RCU guarantee demands) RELEASE; {@code atomic_read/set/inc/dec}, {@code refcount_inc/read}
 * and {@code rcu_read_lock} RELAXED; {@code refcount_dec(_and_test)} RELEASE; value-returning atomics
 * ({@code atomic_dec_and_test}, {@code atomic_inc_not_zero}), {@code smp_mb}, {@code wait_event},
 * {@code wake_up} (its lock half; the unlock is RELEASE), {@code synchronize_rcu} FULL; {@code
 * kfree_rcu}, {@code rcu_assign_pointer} RELEASE; {@code rcu_dereference} RELAXED; the folio's flag
 * changes RELAXED except {@code folio_end_writeback} (RELEASE), and {@code folio_wait_writeback}
 * ACQUIRE.
 *
 * <p>Not modelled: reordering of later accesses before earlier operations (so acquire and relaxed
 * behave alike), reordering among atomics or among plain accesses, store buffering between
 * atomics except the release writes a model buffers, and values read from in-flight accesses (an
 * in-flight access must not be read by its own task's later operations; the scheduler does not
 * track locations, so keeping coherence is the model's part). The model therefore shows a subset of the LKMM's executions: every
 * reordering it shows is allowed by the LKMM, not every allowed one is shown. The litmus machine
 * ({@code dev.lockstep.impl.litmus}) runs litmus tests under LKMM_SUBSET's rule ({@code lockstep
 * litmus --model runtime}) and under SC ({@code --model sc}), so each can be compared with the LKMM
 * test by test.
 */
package dev.lockstep.impl.runtime;

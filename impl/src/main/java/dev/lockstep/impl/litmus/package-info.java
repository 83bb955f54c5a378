/**
 * Litmus tests in herd7's C format, run exhaustively on an operational machine under sequential
 * consistency or under an operational approximation of the Linux-kernel memory model (LKMM,
 * tools/memory-model/linux-kernel.cat): {@code lockstep litmus FILE.litmus}.
 *
 * <h2>Front end</h2>
 *
 * {@link dev.lockstep.impl.litmus.LitmusReader} parses the grammar {@code Litmus.g4} and lowers each
 * {@code Pn()} to {@link dev.lockstep.impl.litmus.Op}s: marked loads and stores ({@code READ_ONCE},
 * {@code WRITE_ONCE}, {@code smp_load_acquire}, {@code smp_store_release}, {@code
 * rcu_dereference} as a Once load, {@code rcu_assign_pointer} as a release store, {@code
 * atomic_read/set[_acquire/_release]}), atomic read-modify-writes ({@code atomic_inc/dec/add/sub},
 * {@code *_return}, {@code atomic_fetch_*} with {@code _relaxed/_acquire/_release}, {@code
 * atomic_inc_not_zero}, {@code atomic_add_unless}, {@code atomic_{inc,dec,sub}_and_test}, {@code
 * xchg}, {@code cmpxchg}), {@code spin_lock/unlock}, the barriers, {@code rcu_read_lock/unlock},
 * {@code synchronize_rcu}; local variables, {@code if}/{@code else} (each statement carries the
 * branch conditions as a guard), pointers to shared locations ({@code y=z} in the initial state),
 * address and data dependencies through registers. herd's {@code exists}, {@code ~exists}, {@code
 * forall}, {@code filter} and {@code locations} clauses are read. Everything else — plain C
 * accesses to shared memory ({@code *x = 1}), loops, {@code spin_trylock}, {@code spin_is_locked},
 * SRCU, other architectures — is refused with its name and position, never approximated.
 *
 * <h2>The machine</h2>
 *
 * State: per thread, which operations have been performed and their values; per location, the
 * <em>coherence order</em> of the writes committed so far; per thread and location, the thread's
 * <em>view</em>, the newest write (in coherence order) that has reached it. A load reads its
 * thread's view; a store <em>commits</em> (takes the next place in its location's coherence order
 * and becomes visible to its own thread); a committed write <em>reaches</em> another thread as a
 * step of its own, possibly skipping older writes, never going back. Under {@link
 * dev.lockstep.impl.litmus.MemoryModel#SC} operations run in program order and a write reaches every
 * thread when it commits. Under {@link dev.lockstep.impl.litmus.MemoryModel#LKMM} a thread may
 * perform any of its operations that nothing below orders after a not yet performed earlier one,
 * and each write carries the set of writes that must reach a thread before it may (its
 * <em>requirements</em>).
 *
 * <h2>Which LKMM relations the weak model covers, and how</h2>
 *
 * <ul>
 *   <li>{@code coherence} (acyclic po-loc | rf | co | fr): accesses to one location perform in
 *       program order; views only move forward in coherence order; the coherence order is the
 *       commit order.
 *   <li>{@code atomic} (rmw & (fre ; coe) empty): a read-modify-write performs only when its thread
 *       sees the newest write of the location, and reads and writes in one step.
 *   <li>{@code ppo}: addr and data dependencies (an operation waits for the registers it uses);
 *       ctrl (an operation under an {@code if} waits for its condition); acq-po ({@code
 *       smp_load_acquire}, {@code _acquire} atomics and {@code spin_lock} order everything after
 *       them); po-rel (a release waits for its thread's earlier loads, atomics, barriers and locks;
 *       its earlier stores are ordered by propagation, below); rmb (earlier loads before later
 *       loads); wmb and mb as fences; po-unlock-lock-po &amp; int ({@code spin_lock} waits for its
 *       thread's earlier unlocks).
 *   <li>{@code cumul-fence} and {@code prop}: a release requires its thread's earlier writes and
 *       every write its thread has seen (with their requirements): A-cumulativity; a store after
 *       {@code smp_wmb()} requires the thread's stores before it (not cumulative, as in the
 *       LKMM); a write after a {@code spin_lock()} requires what the unlock it took the lock from
 *       required (po-unlock-rf-lock-po), and what the thread's own earlier unlocks required.
 *   <li>{@code pb} (strong fences): {@code smp_mb()} — and the barriers of fully ordered atomics —
 *       performs only after every earlier operation and once every write its thread has seen has
 *       reached every thread, and orders every later operation.
 *   <li>{@code rb} (RCU): {@code synchronize_rcu()} is {@code smp_mb()}, a grace period, {@code
 *       smp_mb()}. The grace period ends once every thread that was inside a read-side critical
 *       section when it began has left it, and what each other thread had seen and written when
 *       it (last) left a critical section has reached every thread (each CPU's quiescent state
 *       implies a full barrier). {@code rcu_read_lock()} orders everything after it, {@code
 *       rcu_read_unlock()} waits for everything before it.
 *   <li>Conditional atomics ({@code cmpxchg}, {@code atomic_inc_not_zero}, {@code
 *       atomic_add_unless}): fully ordered on success, unordered on failure (a failed one is a
 *       plain read in the LKMM). Since failure is known only when the atomic reads, the machine
 *       may <em>predict</em> a failure: the atomic then orders nothing and may only perform by
 *       reading a value that makes it fail; an unfulfillable prediction ends the run without a
 *       final state.
 * </ul>
 *
 * <h2>Where it is stronger than the LKMM (shows fewer outcomes)</h2>
 *
 * <ul>
 *   <li>A control dependency also orders later <em>loads</em> under the {@code if} (the LKMM orders
 *       only stores); a load under an {@code if} waits for the condition.
 *   <li>{@code smp_mb__before_atomic()}, {@code smp_mb__after_atomic()} and {@code
 *       smp_mb__after_spinlock()} are full {@code smp_mb()}s: they also order accesses that are not
 *       the atomic or lock next to them.
 *   <li>{@code rcu_read_lock()} and {@code rcu_read_unlock()} order like acquire and release
 *       fences (the LKMM gives them no ordering of their own, only the grace-period guarantee); a
 *       grace period also waits for what every other CPU saw before its last critical section.
 *   <li>An atomic that is not predicted to fail reads the newest write even when it fails.
 *   <li>{@code smp_rmb()} also orders the reads of non-value-returning atomics (the LKMM's {@code
 *       R4rmb} excludes them).
 *   <li>{@code smp_mb()} requires every write its thread has <em>seen</em> to reach every thread,
 *       not only those it has read (A-cumul(strong-fence) takes rfe only).
 *   <li>A thread's own store is visible to its later loads only once it has committed, which is
 *       the LKMM's rfi as well; but nothing lets one thread read another's store before the store
 *       commits.
 * </ul>
 *
 * <h2>Where it is weaker (may show outcomes the LKMM forbids)</h2>
 *
 * None known; the suite in impl/src/test/resources/litmus (61 tests, each with the LKMM's verdict
 * and where it comes from) agrees 100 %, and so do the kernel's tools/memory-model/litmus-tests and
 * Documentation/litmus-tests that the front end supports. Agreement on tests is evidence, not
 * proof: the machine has not been proven to refine linux-kernel.cat.
 *
 * <h2>Not modelled</h2>
 *
 * Plain (unmarked) accesses and the LKMM's data-race rules, SRCU, {@code spin_is_locked}, {@code
 * spin_trylock}, loops, herd's {@code DEADLOCK} result. Values are 64-bit integers and pointers to
 * the test's locations; threads have at most 64 operations after lowering.
 *
 * <h2>Exploration</h2>
 *
 * {@link dev.lockstep.impl.litmus.LitmusRunner} searches depth first and visits each state once.
 * Operations that neither access memory nor depend on timing (register assignments, barriers,
 * leaving an RCU critical section, grace-period bookkeeping, skipping a branch not taken) run as
 * soon as they are enabled, inside the step that enabled them: running them later only delays
 * what they order, and the barriers' conditions only get harder as a thread sees more writes, so no
 * outcome is lost. A final state is one where every operation has run; writes still on their way
 * change no final value.
 *
 * <h2>Relation to the runtime</h2>
 *
 * The protocol models run on {@link dev.lockstep.impl.runtime.Scheduler}, under a memory model
 * chosen per run: {@link dev.lockstep.impl.runtime.MemoryModel#SC}, which is {@link
 * dev.lockstep.impl.litmus.MemoryModel#SC} here, or {@link
 * dev.lockstep.impl.runtime.MemoryModel#LKMM_SUBSET}, sequentially consistent except that a relaxed
 * or acquire operation may overtake its task's in-flight plain accesses, and a relaxed one a
 * release write the model left in flight (see the runtime's package documentation). {@link
 * dev.lockstep.impl.litmus.MemoryModel#RUNTIME} runs litmus tests under that rule (READ_ONCE and
 * WRITE_ONCE standing for the plain accesses, every release store and unlock for a buffered
 * release write), so the runtime's model can be compared with the LKMM test by test ({@code
 * lockstep litmus --model runtime}). On the suite it is stronger than the LKMM wherever the LKMM's
 * outcome needs store buffering, non-multicopy-atomic propagation or reordering among marked
 * accesses (SB, MP, LB, WRC, IRIW, ISA2, R, S, 2+2W, Z6.0 without full ordering, DCL-broken, the
 * failing-cmpxchg shapes, writeback+end-then-wait: 18 tests); it agrees on seed 000's shapes (the relaxed {@code
 * atomic_dec()} overtaking the copy: Sometimes; release or smp_mb__before_atomic(): Never) and on
 * syncfs' ({@code syncfs+dec-overtakes-assign}: Sometimes, through the buffered release); and it is
 * nowhere weaker. (Its {@code rcu_read_unlock()} was relaxed until the suite showed, in
 * RCU+sync+read and RCU+sync+free, a plain access still in flight leaving the read-side critical
 * section and performing after a grace period that did not wait for it; it is a release now. No
 * protocol model had a plain access inside an RCU read-side section, so no gate verdict changed.)
 * The litmus machine itself is not available to the protocol models: their refinement needs a
 * spec step for every reordering, which DaxReclaim (AtomicDecVisible) and SyncBucket with {@code
 * Reorderings} (FuseSyncFsWritesAtomicDecOldEarly) have. Seed 000's
 * answer is unchanged under LKMM_SUBSET and depends on it: the DAX model's {@code
 * refcount-relaxed} violates NoReclaimWhileInUse under LKMM_SUBSET and not under SC ({@code
 * MemoryModelVerdictsTest} in the refinement module).
 */
package dev.lockstep.impl.litmus;

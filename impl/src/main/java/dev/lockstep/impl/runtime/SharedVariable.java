package dev.lockstep.impl.runtime;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A variable of a protocol model that more than one task may access, declaring each access the way the kernel code
 * makes it. A <em>plain</em> access ({@link #load}, {@link #store}: a C load or assignment) must hold the lock that
 * protects the variable (a store, exclusively), or the run fails with a {@link DataRace}: in the LKMM a plain access
 * that may run concurrently with a conflicting one is a data race (explanation.txt, "PLAIN ACCESSES AND DATA RACES").
 * A plain load the kernel makes without the lock is declared as such ({@link #racyLoad}). A <em>marked</em> access ({@link #readOnce}, {@link #writeOnce}, {@link #marked}: READ_ONCE,
 * WRITE_ONCE, the atomic operations, acquire/release, fully ordered) may be made without the lock.
 *
 * <p>With {@link SharedAccesses} attached to the run, every access from a task (or an agent's deferred action) is
 * recorded with its call site, its kind and the locks its task held, so an exploration can list each pair
 * of conflicting accesses no lock or full ordering orders. Accesses made while the scheduler evaluates a guard (a
 * wait's condition tested to decide what is enabled, which the model's task repeats in its own step) and outside any
 * task (construction, observers between steps) are neither checked nor recorded. Cost without {@link SharedAccesses}:
 * a lock-ownership test per plain access.
 */
public final class SharedVariable {
  /** How an access touches the variable. */
  public enum Kind {
    LOAD,
    STORE,
    /** An atomic read-modify-write: a load and a store. */
    RMW;

    boolean writes() {
      return this != LOAD;
    }
  }

  /** Whether a task holds a lock, and how. */
  enum Held {
    NO,
    SHARED,
    EXCLUSIVE
  }

  private final Scheduler scheduler;
  private final String name;
  private final String varClass;
  private final ExclusiveLock lock;
  private final RwSemaphore sem;
  /** For a member of a published object ({@link #published}): whether a shared structure holds the object now. */
  private final BooleanSupplier isPublished;
  /** For a member of a published object: the locks of the structures that may hold it, one of which a load holds. */
  private final Supplier<List<Object>> publishingLocks;

  private SharedVariable(Scheduler scheduler, String name, String varClass, ExclusiveLock lock, RwSemaphore sem,
      BooleanSupplier isPublished, Supplier<List<Object>> publishingLocks) {
    this.scheduler = scheduler;
    this.name = name;
    this.varClass = varClass;
    this.lock = lock;
    this.sem = sem;
    this.isPublished = isPublished;
    this.publishingLocks = publishingLocks;
  }

  /**
   * A variable protected by {@code lock}. {@code varClass} names it for every instance, as a lock class does (e.g.
   * {@code fi->dax->tree} of every inode).
   */
  public static SharedVariable guardedBy(Scheduler scheduler, String name, String varClass, ExclusiveLock lock) {
    return new SharedVariable(scheduler, name, varClass, lock, null, null, null);
  }

  /** A variable protected by the rw_semaphore {@code sem}: plain loads hold it shared, plain stores exclusive. */
  public static SharedVariable guardedBy(Scheduler scheduler, String name, String varClass, RwSemaphore sem) {
    return new SharedVariable(scheduler, name, varClass, null, sem, null, null);
  }

  /** A variable no lock protects: every access must be marked (an {@code atomic_t}, a flag read with READ_ONCE). */
  public static SharedVariable lockless(Scheduler scheduler, String name, String varClass) {
    return new SharedVariable(scheduler, name, varClass, null, null, null, null);
  }

  /**
   * A member of an object that shared structures (a list, a tree) publish under their locks, e.g. {@code dmap->inode}:
   * a plain store is made only while no structure holds the object ({@code isPublished} false), when it is its owner's
   * private memory and the lock that publishes it later orders the store before every load under that lock
   * (locking.txt, "Locking and Prior Accesses"; unpublishing, its converse); a plain load holds one of {@code
   * locks}. A store to a published object, or a load holding none of the locks, is a {@link DataRace}.
   */
  public static SharedVariable published(Scheduler scheduler, String name, String varClass,
      BooleanSupplier isPublished, Supplier<List<Object>> locks) {
    return new SharedVariable(scheduler, name, varClass, null, null, isPublished, locks);
  }

  /** A plain load: the calling task holds the variable's lock, shared or exclusive. */
  public void load() {
    plain(Kind.LOAD);
  }

  /** A plain store: the calling task holds the variable's lock exclusively. */
  public void store() {
    plain(Kind.STORE);
  }

  /**
   * A plain load the kernel makes without the lock (e.g. the condition of a {@code wait_event} on a counter the lock
   * protects): in the LKMM's terms a data race, which the kernel tolerates there. Declared, so never accidental; not
   * checked, recorded as plain and listed with every access it may race with.
   */
  public void racyLoad() {
    record(Kind.LOAD, null, false);
  }

  /** {@code READ_ONCE()} (and {@code atomic_read()}, {@code test_bit()}): a relaxed marked load. */
  public void readOnce() {
    marked(Kind.LOAD, Ordering.RELAXED);
  }

  /**
   * The relaxed test that ends a wait loop ({@code while (test_bit(...)) wait}), made when the test finds the wait
   * over. Recorded as {@link #readOnce}; with {@link SharedAccesses} attached, the waiter must follow it in the same
   * step with a fully ordered operation before any other declared access, or the wait is listed as unfenced (see
   * {@link SharedAccesses}).
   */
  public void readOnceEndingWait() {
    record(Kind.LOAD, Ordering.RELAXED, true);
  }

  /** {@code WRITE_ONCE()} (and {@code atomic_set()}): a relaxed marked store. */
  public void writeOnce() {
    marked(Kind.STORE, Ordering.RELAXED);
  }

  /** A marked access with {@code ordering}: {@code smp_load_acquire} is (LOAD, ACQUIRE), {@code atomic_dec} (RMW, RELAXED). */
  public void marked(Kind kind, Ordering ordering) {
    record(kind, ordering, false);
  }

  /** The variable's name for every instance ({@code fi->dax->tree} of every inode). */
  public String varClass() {
    return varClass;
  }

  private String lockName() {
    return lock != null ? lock.name() : sem != null ? sem.name() : "";
  }

  private void plain(Kind kind) {
    if (!scheduler.checksSharedAccesses()) {
      return;
    }
    if (isPublished != null) {
      plainPublished(kind);
      return;
    }
    Held held = held();
    if (held == Held.NO || kind.writes() && held != Held.EXCLUSIVE) {
      String me = scheduler.actor();
      throw new DataRace("data-race: plain " + (kind.writes() ? "store to " : "load of ") + name + " by " + me
          + (lock == null && sem == null ? ", which no lock protects: mark the access"
              : " without holding " + lockName() + (kind.writes() && held == Held.SHARED ? " exclusive" : "")));
    }
    recordChecked(kind, null, false);
  }

  private void plainPublished(Kind kind) {
    String me = scheduler.actor();
    if (kind.writes() ? isPublished.getAsBoolean()
        : publishingLocks.get().stream().allMatch(l -> Scheduler.heldBy(l, me) == Held.NO)) {
      throw new DataRace("data-race: plain " + (kind.writes() ? "store to " + name + " by " + me + " while published"
          : "load of " + name + " by " + me + " holding none of the locks that publish it"));
    }
    recordChecked(kind, null, false);
  }

  private Held held() {
    return Scheduler.heldBy(lock != null ? lock : sem, scheduler.actor());
  }

  private void record(Kind kind, Ordering ordering, boolean endsWait) {
    if (scheduler.checksSharedAccesses()) {
      recordChecked(kind, ordering, endsWait);
    }
  }

  /** Records an access already known to be one a task makes ({@link Scheduler#checksSharedAccesses}). */
  private void recordChecked(Kind kind, Ordering ordering, boolean endsWait) {
    SharedAccesses.Run run = scheduler.sharedAccesses;
    if (run != null) {
      run.record(this, scheduler.actor(), kind, ordering, endsWait);
    }
  }
}

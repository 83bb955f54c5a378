package dev.lockstep.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Declared shared accesses: a plain one without its lock is a data race; the pairs nothing orders are listed. */
class SharedAccessesTest {
  private static List<String> pairs(SharedAccesses accesses) {
    return accesses.pairs().stream().map(SharedAccesses.Pair::toString).toList();
  }

  @Test
  void aPlainStoreWithoutItsLockIsADataRace() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    SpinLock lock = new SpinLock(s, "fcd->lock");
    SharedVariable nr = SharedVariable.guardedBy(s, "fcd->nr_free_ranges", "fcd->nr_free_ranges", lock);
    s.spawn("t", () -> s.perform("nr_free_ranges++", Ordering.RELAXED, nr::store));
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertInstanceOf(DataRace.class, f.cause());
    assertEquals("data-race: plain store to fcd->nr_free_ranges by t without holding fcd->lock", f.cause().getMessage());
  }

  @Test
  void aPlainStoreUnderASemaphoreHeldSharedIsADataRace() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    RwSemaphore sem = new RwSemaphore(s, "i0.dax->sem", "fi->dax->sem");
    SharedVariable tree = SharedVariable.guardedBy(s, "i0.dax->tree", "fi->dax->tree", sem);
    s.spawn("t", () -> s.atomic(() -> {
      sem.downRead();
      tree.load();
      tree.store();
    }));
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertEquals("data-race: plain store to i0.dax->tree by t without holding i0.dax->sem exclusive",
        f.cause().getMessage());
  }

  @Test
  void aPlainAccessToAVariableNoLockProtectsIsADataRace() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    SharedVariable flag = SharedVariable.lockless(s, "flag", "flag");
    s.spawn("t", () -> s.perform("flag", Ordering.RELAXED, flag::load));
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertEquals("data-race: plain load of flag by t, which no lock protects: mark the access", f.cause().getMessage());
  }

  @Test
  void aPublishedMemberIsStoredOnlyWhileUnpublishedAndLoadedUnderAPublishingLock() {
    Scheduler sched = new Scheduler(Schedules.firstEnabled());
    SpinLock listLock = new SpinLock(sched, "fcd->lock");
    boolean[] onList = {false};
    SharedVariable member = SharedVariable.published(sched, "d0->inode", "dmap->inode", () -> onList[0],
        () -> List.of(listLock));
    sched.spawn("t", () -> {
      sched.perform("dmap->inode = inode", Ordering.RELAXED, member::store);
      sched.atomic(() -> {
        listLock.lock();
        onList[0] = true;
        member.load();
        listLock.unlock();
      });
      sched.perform("dmap->inode", Ordering.RELAXED, member::load);
    });
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, sched.run().outcome());
    assertEquals("data-race: plain load of d0->inode by t holding none of the locks that publish it",
        f.cause().getMessage());

    Scheduler again = new Scheduler(Schedules.firstEnabled());
    SharedVariable published = SharedVariable.published(again, "d0->inode", "dmap->inode", () -> true, List::of);
    again.spawn("t", () -> again.perform("dmap->inode = inode", Ordering.RELAXED, published::store));
    Outcome.Failed g = assertInstanceOf(Outcome.Failed.class, again.run().outcome());
    assertEquals("data-race: plain store to d0->inode by t while published", g.cause().getMessage());
  }

  private Scheduler s;
  private SpinLock lock;
  private SharedVariable x;
  private AtomicT count;

  /** Stores x under the lock, then reads it with READ_ONCE, then drops a count with a fully ordered RMW. */
  private void cpu0() {
    s.atomic(() -> {
      lock.lock();
      x.store();
      lock.unlock();
    });
    s.perform("READ_ONCE(x)", Ordering.RELAXED, x::readOnce);
    count.atomicDecAndTest();
  }

  /** Loads x under the lock, then takes a count fully ordered and another relaxed. */
  private void cpu1() {
    s.atomic(() -> {
      lock.lock();
      x.load();
      lock.unlock();
    });
    count.atomicIncNotZero();
    count.atomicInc();
  }

  /** WRITE_ONCE(x) without the lock. */
  private void cpu2() {
    s.perform("WRITE_ONCE(x)", Ordering.RELAXED, x::writeOnce);
  }

  /** Three tasks, one run: accesses under one lock are ordered, marked ones without it are not, two full RMWs are. */
  @Test
  void onlyConflictingAccessesNoLockOrFullOrderingOrdersArePaired() {
    SharedAccesses accesses = new SharedAccesses();
    s = new Scheduler(Schedules.firstEnabled());
    accesses.attach(s);
    lock = new SpinLock(s, "lock");
    x = SharedVariable.guardedBy(s, "x", "x", lock);
    count = new AtomicT(s, "c0", "count", 1, Kasan.Field.UNCHECKED);
    s.spawn("a", this::cpu0);
    s.spawn("b", this::cpu1);
    s.spawn("c", this::cpu2);
    assertTrue(s.run().completed());
    // a runs first: its dec_and_test takes the count to 0, so b's atomic_inc_not_zero fails, an unordered load
    assertEquals(List.of(
        "count: cpu0 rmw full  ~  cpu1 load relaxed",
        "count: cpu0 rmw full  ~  cpu1 rmw relaxed",
        "x: cpu0 load relaxed  ~  cpu2 store relaxed",
        "x: cpu0 store plain  ~  cpu2 store relaxed",
        "x: cpu1 load plain  ~  cpu2 store relaxed"), pairs(accesses));
  }

  @Test
  void aGuardsEvaluationIsNoAccess() {
    SharedAccesses accesses = new SharedAccesses();
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    accesses.attach(s);
    SharedVariable flag = SharedVariable.lockless(s, "flag", "flag");
    boolean[] set = {false};
    s.spawn("waiter", () -> s.await("wait for flag", Ordering.FULL, () -> {
      flag.load();
      return set[0];
    }, null, () -> null));
    s.spawn("setter", () -> s.perform("WRITE_ONCE(flag)", Ordering.RELAXED, () -> {
      flag.writeOnce();
      set[0] = true;
    }));
    assertTrue(s.run().completed());
    assertEquals(List.of(), pairs(accesses));
  }

  /** Dirties the folio and writes it back under the folio lock, then ends the writeback without it. */
  private static void writeBack(Scheduler s, Folio folio) {
    s.atomic(() -> {
      folio.lock();
      folio.markDirty();
      folio.clearDirtyForIo();
      folio.startWriteback();
      folio.unlock();
    });
    folio.endWriteback();
  }

  /** Dirties the folio twice under its lock: the second folio_test_set_dirty finds the bit set. */
  private static void redirty(Scheduler s, Folio folio) {
    s.atomic(() -> {
      folio.lock();
      folio.markDirty();
      folio.markDirty();
      folio.unlock();
    });
  }

  private static void waitOnWriteback(Folio folio) {
    folio.waitWriteback();
  }

  private static void markDirtyUnlocked(Folio folio) {
    folio.markDirty();
  }

  /**
   * A folio's flags are its bit operations. PG_dirty's, all under the folio lock, pair with nothing but a
   * folio_mark_dirty made without the lock, whose folio_test_set_dirty finds the bit set: a relaxed load.
   * folio_wait_writeback's test of PG_writeback pairs with the fully ordered set and the release clear.
   */
  @Test
  void folioFlags() {
    SharedAccesses accesses = new SharedAccesses();
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    accesses.attach(s);
    Folio folio = new Folio(s, "f0", false);
    s.spawn("writer", () -> writeBack(s, folio));
    s.spawn("dirtier", () -> redirty(s, folio));
    s.spawn("waiter", () -> waitOnWriteback(folio));
    s.spawn("unlocked", () -> markDirtyUnlocked(folio));
    assertTrue(s.run().completed());
    String d = "folio->flags: PG_dirty: mark_dirty_unlocked <- folio_flags load relaxed  ~  ";
    String w = "folio->flags: PG_writeback: wait_on_writeback <- folio_flags load relaxed  ~  "
        + "write_back <- folio_flags";
    assertEquals(List.of(
        d + "redirty <- folio_flags rmw full",
        d + "write_back <- folio_flags rmw full",
        w + " rmw full",
        w + " rmw release"),
        pairs(accesses));
    // the waiter's test read the writer's release and nothing followed it in the step
    assertEquals(List.of("folio->flags: PG_writeback: wait_on_writeback <- folio_flags load relaxed reads "
        + "write_back <- folio_flags rmw release, then the step ends before a fully ordered operation"),
        unfencedWaits(accesses));
  }

  private static List<String> unfencedWaits(SharedAccesses accesses) {
    return accesses.unfencedWaits().stream().map(SharedAccesses.UnfencedWait::toString).toList();
  }

  /**
   * Message passing through a wait: the ender stores data, then clears the flag with {@code clear} ordering; the
   * waiter's test of the flag ends its wait, and what it does next decides whether the wait is fenced.
   */
  private record Waiter(Scheduler s, SharedVariable flag, SharedVariable data, SharedVariable count,
      BooleanSupplier cleared) {}

  private static List<String> unfencedWaitsWhenTheWaiterThen(Ordering clear, Consumer<Waiter> then) {
    SharedAccesses accesses = new SharedAccesses();
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    accesses.attach(s);
    SharedVariable flag = SharedVariable.lockless(s, "flag", "flag");
    SharedVariable data = SharedVariable.lockless(s, "data", "data");
    SharedVariable fence = SharedVariable.lockless(s, "count", "count");
    boolean[] set = {true};
    s.spawn("ender", () -> {
      s.perform("WRITE_ONCE(data)", Ordering.RELAXED, data::writeOnce);
      s.perform("clear flag", clear, () -> {
        flag.marked(SharedVariable.Kind.RMW, clear);
        set[0] = false;
      });
    });
    s.spawn("waiter", () -> then.accept(new Waiter(s, flag, data, fence, () -> !set[0])));
    assertTrue(s.run().completed());
    return unfencedWaits(accesses);
  }

  /** The waiter tests the flag, then reads data in the same step. */
  private static void testThenReadData(Waiter w) {
    w.s().await("wait for flag", Ordering.ACQUIRE, w.cleared(), null, () -> {
      w.flag().readOnceEndingWait();
      w.data().readOnce();
      return null;
    });
  }

  @Test
  void aWaitFollowedInItsStepByAFullyOrderedOperationIsFenced() {
    assertEquals(List.of(), unfencedWaitsWhenTheWaiterThen(Ordering.RELEASE, w -> {
      w.s().await("wait for flag", Ordering.ACQUIRE, w.cleared(), null, () -> {
        w.flag().readOnceEndingWait();
        w.flag().readOnce(); // the tested variable again: coherence orders it
        w.count().marked(SharedVariable.Kind.RMW, Ordering.FULL);
        w.data().readOnce();
        return null;
      });
      w.s().perform("READ_ONCE(data)", Ordering.RELAXED, w.data()::readOnce);
    }));
  }

  @Test
  void aWaitFollowedByAnotherAccessOrByTheEndOfItsStepIsUnfenced() {
    List<String> before = unfencedWaitsWhenTheWaiterThen(Ordering.RELEASE, SharedAccessesTest::testThenReadData);
    assertEquals(1, before.size(), before.toString());
    assertTrue(before.get(0).startsWith("flag: ") && before.get(0).contains(" load relaxed reads ")
        && before.get(0).contains(" rmw release, then ")
        && before.get(0).endsWith(" load relaxed before a fully ordered operation"), before.get(0));
    // the fence in a later step comes too late: the step in between may touch undeclared state
    List<String> later = unfencedWaitsWhenTheWaiterThen(Ordering.RELEASE, w -> {
      w.s().await("wait for flag", Ordering.ACQUIRE, w.cleared(), null, () -> {
        w.flag().readOnceEndingWait();
        return null;
      });
      w.s().perform("atomic_dec_and_test(count)", Ordering.FULL,
          () -> w.count().marked(SharedVariable.Kind.RMW, Ordering.FULL));
    });
    assertEquals(1, later.size(), later.toString());
    assertTrue(later.get(0).endsWith("then the step ends before a fully ordered operation"), later.get(0));
  }

  @Test
  void aWaitThatReadsARelaxedWriteOpensNoWindow() {
    // the writer orders nothing, so no fence of the waiter's could: another pattern, not this check's
    assertEquals(List.of(), unfencedWaitsWhenTheWaiterThen(Ordering.RELAXED, SharedAccessesTest::testThenReadData));
  }
}

package dev.lockstep.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrimitivesTest {

  /** Records the alternatives offered at every scheduling point, then delegates. */
  private static Schedule offering(List<List<String>> offered, Schedule inner) {
    return enabled -> {
      offered.add(enabled.stream().map(Choice::toString).toList());
      return inner.choose(enabled);
    };
  }

  @Test
  void queuedWriterBlocksNewReadersUntilItHasHadItsTurn() {
    List<List<String>> offered = new ArrayList<>();
    Scheduler s =
        new Scheduler(
            offering(offered, Schedules.replay(List.of("r1", "w", "r1", "w", "w", "r2", "r2"))));
    RwSemaphore sem = new RwSemaphore(s, "sem");
    List<String> order = new ArrayList<>();
    s.addListener((step, task, label) -> order.add(task + ":" + label));
    s.spawn("r1", () -> { sem.downRead(); sem.upRead(); });
    s.spawn("w", () -> { sem.downWrite(); sem.upWrite(); });
    s.spawn("r2", () -> { sem.downRead(); sem.upRead(); });
    s.run();
    // After r1 took the read lock and w queued, r2's down_read is not offered.
    assertEquals(List.of("r1:up_read(sem)"), offered.get(2));
    assertEquals(
        List.of(
            "r1:down_read(sem)", "w:down_write(sem)", "r1:up_read(sem)",
            "w:down_write(sem):woken", "w:up_write(sem)", "r2:down_read(sem)", "r2:up_read(sem)"),
        order);
  }

  @Test
  void readersShareTheSemaphoreWhenNoWriterIsQueued() {
    Scheduler s = new Scheduler(Schedules.replay(List.of("r1", "r2"), Schedules.firstEnabled()));
    RwSemaphore sem = new RwSemaphore(s, "sem");
    int[] both = new int[1];
    s.addListener((step, task, label) -> both[0] = Math.max(both[0], sem.readers().size()));
    s.spawn("r1", () -> { sem.downRead(); sem.upRead(); });
    s.spawn("r2", () -> { sem.downRead(); sem.upRead(); });
    assertTrue(s.run().completed());
    assertEquals(2, both[0]);
  }

  @Test
  void writeTrylockFailsWhileReadHeld() {
    Scheduler s = new Scheduler(Schedules.replay(List.of("r", "w"), Schedules.firstEnabled()));
    RwSemaphore sem = new RwSemaphore(s, "sem");
    boolean[] got = {true};
    s.spawn("r", () -> { sem.downRead(); sem.upRead(); });
    s.spawn("w", () -> got[0] = sem.downWriteTrylock());
    assertTrue(s.run().completed());
    assertFalse(got[0]);
  }

  @Test
  void waitEventWithoutWakeUpIsADeadlockNamingTheQueue() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    WaitQueue wq = new WaitQueue(s, "range_waitq");
    AtomicT free = new AtomicT(s, "nr_free_ranges", 0);
    s.spawn("waiter", () -> wq.waitEvent("nr_free_ranges > 0", () -> free.value() > 0));
    s.spawn("freer", () -> free.atomicInc());
    Outcome.Deadlock d = assertInstanceOf(Outcome.Deadlock.class, s.run().outcome());
    assertEquals(1, d.blocked().size());
    assertEquals("waiter", d.blocked().get(0).task());
    assertEquals(
        "wake_up(range_waitq) with nr_free_ranges > 0", d.blocked().get(0).waitsFor().resource());
    assertEquals(List.of(), d.cycles());
  }

  @Test
  void waitEventReturnsAfterConditionAndWakeUp() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    WaitQueue wq = new WaitQueue(s, "range_waitq");
    AtomicT free = new AtomicT(s, "nr_free_ranges", 0);
    List<String> order = new ArrayList<>();
    s.addListener((step, task, label) -> order.add(task + ":" + label));
    s.spawn("waiter", () -> wq.waitEvent("free", () -> free.value() > 0));
    s.spawn("freer", () -> { free.atomicInc(); wq.wakeUp(); });
    assertTrue(s.run().completed());
    // prepare_to_wait_event and the check are steps of their own: a wake_up between them is seen.
    assertEquals(
        List.of(
            "waiter:wait_event(range_waitq, free)", "waiter:wait_event(range_waitq, free):check",
            "freer:atomic_inc(nr_free_ranges)", "freer:wake_up(range_waitq)",
            "waiter:wait_event(range_waitq, free):woken", "waiter:wait_event(range_waitq, free):check"),
        order);
  }

  @Test
  void wakeUpWakesEveryNonExclusiveSleeperAndTheFirstExclusiveOne() {
    // x1, x2 wait exclusively, n1 and n2 not; the freer wakes once.
    Scheduler s =
        new Scheduler(
            Schedules.replay(List.of("x1", "n1", "x2", "n2", "freer", "freer"), enabled -> Schedule.STOP));
    WaitQueue wq = new WaitQueue(s, "range_waitq");
    AtomicT free = new AtomicT(s, "nr_free_ranges", 0);
    s.spawn("x1", () -> wq.waitEventExclusive("free", () -> free.value() > 0));
    s.spawn("n1", () -> wq.waitEvent("free", () -> free.value() > 0));
    s.spawn("x2", () -> wq.waitEventExclusive("free", () -> free.value() > 0));
    s.spawn("n2", () -> wq.waitEvent("free", () -> free.value() > 0));
    s.spawn("freer", () -> { free.atomicInc(); wq.wakeUp(); });
    s.run();
    // prepare_to_wait_event queues n2 before n1 at the head, x1 before x2 at the tail; wake_up
    // takes entries from the head up to the first exclusive one.
    assertEquals(Set.of("n1", "n2", "x1"), wq.woken());
    assertEquals(List.of("x2"), wq.queued());
  }

  @Test
  void anExclusiveSleeperWokenToAFalseConditionQueuesAgainAtTheTail() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    WaitQueue wq = new WaitQueue(s, "range_waitq");
    AtomicT free = new AtomicT(s, "nr_free_ranges", 0);
    List<String> order = new ArrayList<>();
    s.addListener((step, task, label) -> order.add(task + ":" + label));
    s.spawn("x1", () -> wq.waitEventExclusive("free", () -> free.value() > 0));
    // A wake-up while the condition is still false, then the real one.
    s.spawn("freer", () -> { wq.wakeUp(); free.atomicInc(); wq.wakeUp(); });
    assertTrue(s.run().completed());
    assertEquals(
        List.of(
            "x1:wait_event_killable_exclusive(range_waitq, free)", "x1:wait_event(range_waitq, free):check",
            "freer:wake_up(range_waitq)", "x1:wait_event(range_waitq, free):woken",
            "x1:wait_event(range_waitq, free):check", "freer:atomic_inc(nr_free_ranges)",
            "freer:wake_up(range_waitq)", "x1:wait_event(range_waitq, free):woken",
            "x1:wait_event(range_waitq, free):check"),
        order);
  }

  @Test
  void lockdepAssertHeldFailsTheRunNamingLockAndTask() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    SpinLock lock = new SpinLock(s, "fcd->lock");
    RwSemaphore sem = new RwSemaphore(s, "fi->dax->sem");
    s.spawn("t", () -> {
      lock.lock();
      lock.lockdepAssertHeld();
      lock.unlock();
      sem.downRead();
      sem.lockdepAssertHeld();
      sem.lockdepAssertHeldWrite();
    });
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertEquals(
        "lockdep_assert_held_write(fi->dax->sem) failed: t does not hold it exclusive",
        f.cause().getMessage());
  }

  @Test
  void refcountDecrementToZeroWithoutTestIsAWarning() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    RefcountT r = new RefcountT(s, "refcnt", 1);
    s.spawn("t", r::refcountDec);
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertTrue(f.cause().getMessage().contains("decrement hit 0"));
  }

  @Test
  void refcountIncrementFromZeroIsAWarning() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    RefcountT r = new RefcountT(s, "refcnt", 1);
    s.spawn("t", () -> { r.refcountDecAndTest(); r.refcountInc(); });
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertTrue(f.cause().getMessage().contains("addition on 0"));
  }

  @Test
  void daxEntryWaitOnOwnLockedEntryIsASelfCycle() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    DaxEntryLock entry = new DaxEntryLock(s, "entry@0");
    s.spawn("fault", () -> { entry.lock(); entry.waitEntryUnlocked(); });
    Outcome.Deadlock d = assertInstanceOf(Outcome.Deadlock.class, s.run().outcome());
    assertEquals("wait_entry_unlocked(entry@0)", d.blocked().get(0).label());
    assertEquals(List.of(List.of("fault")), d.cycles());
  }

  /**
   * A reader dereferences a published object inside an RCU read section; the updater unpublishes
   * it and frees it either with kfree_rcu or immediately. The free fails the run if a reader still
   * holds the object.
   */
  private static Explorer.Result exploreUnpublishAndFree(boolean viaRcu) {
    return Explorer.explore(
        s -> {
          Rcu rcu = new Rcu(s);
          AtomicT published = new AtomicT(s, "published", 1);
          boolean[] holds = new boolean[1];
          Runnable free =
              () -> {
                if (holds[0]) {
                  throw new AssertionError("object freed while a reader holds it");
                }
              };
          s.spawn(
              "reader",
              () -> {
                rcu.rcuReadLock();
                holds[0] = published.atomicRead() == 1;
                rcu.rcuReadUnlock();
                holds[0] = false;
              });
          s.spawn(
              "updater",
              () -> {
                published.atomicSet(0);
                if (viaRcu) {
                  rcu.kfreeRcu("obj", free);
                } else {
                  s.perform("kfree(obj)", Ordering.RELAXED, free);
                }
              });
          return null;
        },
        100,
        100_000,
        Explorer::completedOrPruned);
  }

  @Test
  void kfreeRcuCallbackNeverRunsWhileAPreexistingReaderHoldsTheObject() {
    Explorer.Result result = exploreUnpublishAndFree(true);
    assertTrue(result.exhausted());
    assertTrue(result.schedules() > 10, "explored " + result.schedules());
  }

  @Test
  void immediateFreeIsCaughtByTheSameCheck() {
    Explorer.Result result = exploreUnpublishAndFree(false);
    Outcome.Failed f =
        assertInstanceOf(Outcome.Failed.class, result.counterexample().orElseThrow().result().outcome());
    assertEquals("object freed while a reader holds it", f.cause().getMessage());
  }

  @Test
  void synchronizeRcuWaitsForTheReaderInsideItsSection() {
    Scheduler s =
        new Scheduler(Schedules.replay(List.of("reader", "updater", "updater", "updater")));
    Rcu rcu = new Rcu(s);
    s.spawn("reader", () -> { rcu.rcuReadLock(); rcu.rcuReadUnlock(); });
    s.spawn("updater", rcu::synchronizeRcu);
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertTrue(f.cause().getMessage().contains("entry #3 'updater'"), f.cause().getMessage());
  }

  @Test
  void waitOnPageLockedBlocksUntilUnlockPageWithoutTakingTheLock() {
    List<List<String>> offered = new ArrayList<>();
    Scheduler s = new Scheduler(offering(offered, Schedules.firstEnabled()));
    PageLock page = new PageLock(s, "page0");
    List<String> order = new ArrayList<>();
    s.addListener((step, task, label) -> order.add(task + ":" + label + " owner=" + page.owner().orElse("-")));
    s.spawn("locker", () -> { page.lock(); page.unlock(); });
    s.spawn("waiter", () -> { page.waitOnPageLocked(); assertTrue(page.tryLock()); page.unlock(); });
    assertTrue(s.run().completed());
    assertEquals(List.of("locker:unlock_page(page0)"), offered.get(1));
    assertEquals(
        List.of(
            "locker:lock_page(page0) owner=locker", "locker:unlock_page(page0) owner=-",
            "waiter:wait_on_page_locked(page0) owner=-", "waiter:trylock_page(page0) owner=waiter",
            "waiter:unlock_page(page0) owner=-"),
        order);
  }
}

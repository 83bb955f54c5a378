package dev.lockstep.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Poisoning after kfree_rcu, the union overlay of an rcu_head, rcu pointers and agent actions. */
class KasanTest {

  @Test
  void anAccessAfterTheKfreeRcuCallbackIsReportedWithTaskAndAccessAndTheRunGoesOn() {
    // reader leaves its section, updater frees, the callback runs, then the stale access.
    Scheduler s =
        new Scheduler(Schedules.replay(List.of("reader", "reader", "updater", "rcu", "reader")));
    Rcu rcu = new Rcu(s);
    Kasan kasan = new Kasan(s);
    Kasan.Allocation obj = kasan.kzalloc("obj", List.of());
    AtomicT count = new AtomicT(s, "obj->count", 1, obj.field("count"));
    s.spawn("reader", () -> { rcu.rcuReadLock(); rcu.rcuReadUnlock(); count.atomicDec(); });
    s.spawn("updater", () -> rcu.kfreeRcu(obj, "rcu", () -> {}));
    assertTrue(s.run().completed());
    assertEquals(Kasan.State.FREED, obj.state());
    assertEquals(
        List.of(
            "BUG: KASAN: use-after-free in atomic_dec(obj->count) by task reader: obj was freed"
                + " (kfree_rcu callback after a grace period)"),
        kasan.reports());
    assertEquals(0, count.value());
  }

  @Test
  void beforeTheGracePeriodEndsTheObjectIsPendingAndAccessesAreFine() {
    Scheduler s = new Scheduler(Schedules.replay(List.of("reader", "updater", "reader", "reader", "rcu")));
    Rcu rcu = new Rcu(s);
    Kasan kasan = new Kasan(s);
    Kasan.Allocation obj = kasan.kzalloc("obj", List.of());
    AtomicT count = new AtomicT(s, "obj->count", 1, obj.field("count"));
    Kasan.State[] seen = new Kasan.State[1];
    s.spawn(
        "reader",
        () -> {
          rcu.rcuReadLock();
          count.atomicDec();
          seen[0] = obj.state();
          rcu.rcuReadUnlock();
        });
    s.spawn("updater", () -> rcu.kfreeRcu(obj, "rcu", () -> {}));
    assertTrue(s.run().completed());
    assertEquals(Kasan.State.RCU_PENDING, seen[0]);
    assertEquals(List.of(), kasan.reports());
  }

  @Test
  void kfreeRcuWritesTheRcuHeadOverAWaitQueueInTheSameUnionWhileAWakerHoldsItsLock() {
    Scheduler s = new Scheduler(Schedules.replay(List.of("waker", "freer", "waker", "rcu")));
    Rcu rcu = new Rcu(s);
    Kasan kasan = new Kasan(s);
    Kasan.Allocation obj = kasan.kzalloc("b", List.of(ImmutableSet.of("waitq", "rcu")));
    WaitQueue wq = new WaitQueue(s, "b->waitq", obj.field("waitq"));
    s.spawn("waker", () -> { wq.wakeUpLock(); wq.wakeUpUnlock(); });
    s.spawn("freer", () -> rcu.kfreeRcu(obj, "rcu", () -> {}));
    assertTrue(s.run().completed());
    assertTrue(obj.isOverwritten("waitq"));
    assertEquals(
        List.of(
            "union overwrite: wake_up(b->waitq):unlock by task waker uses b->waitq, overwritten by"
                + " b->rcu in kfree_rcu(b, rcu)"),
        kasan.reports());
  }

  @Test
  void withoutAUnionTheRcuHeadOverwritesNothing() {
    Scheduler s = new Scheduler(Schedules.replay(List.of("waker", "freer", "waker", "rcu")));
    Rcu rcu = new Rcu(s);
    Kasan kasan = new Kasan(s);
    Kasan.Allocation obj = kasan.kzalloc("b", List.of());
    WaitQueue wq = new WaitQueue(s, "b->waitq", obj.field("waitq"));
    s.spawn("waker", () -> { wq.wakeUpLock(); wq.wakeUpUnlock(); });
    s.spawn("freer", () -> rcu.kfreeRcu(obj, "rcu", () -> {}));
    assertTrue(s.run().completed());
    assertEquals(List.of(), kasan.reports());
  }

  @Test
  void aWaiterThatMustQueueWaitsWhileAWakerHoldsTheQueueLock() {
    List<String> offered = new java.util.ArrayList<>();
    Scheduler s =
        new Scheduler(
            enabled -> {
              offered.add(enabled.stream().map(Choice::toString).toList().toString());
              return Schedules.firstEnabled().choose(enabled);
            });
    WaitQueue wq = new WaitQueue(s, "wq");
    boolean[] done = new boolean[1];
    s.spawn(
        "waker",
        () -> {
          wq.wakeUpLock();
          wq.wakeUpUnlock();
          done[0] = true;
          wq.wakeUp();
        });
    s.spawn("waiter", () -> wq.waitEvent("done", () -> done[0]));
    assertTrue(s.run().completed());
    assertEquals("[waker:wake_up(wq):unlock]", offered.get(1));
  }

  @Test
  void rcuDereferenceOutsideAReadSectionIsAKernelWarning() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    Rcu rcu = new Rcu(s);
    RcuPointer<String> p = new RcuPointer<>(s, rcu, "p", new SpinLock(s, "p_lock"), "x");
    s.spawn("t", p::rcuDereference);
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertEquals("rcu_dereference(p) by t outside an RCU read-side section", f.cause().getMessage());
  }

  @Test
  void anAgentsQueuedActionsAreAlternativesOfTheirOwnInAnyOrder() {
    List<String> order = new java.util.ArrayList<>();
    // the second queued reply is answered first
    Scheduler s = new Scheduler(enabled -> enabled.size() - 1);
    s.spawn(
        "t",
        () ->
            s.perform(
                "queue two requests",
                Ordering.RELAXED,
                () -> {
                  s.defer("server", "reply(a)", null, null, () -> order.add("a"));
                  s.defer("server", "reply(b)", null, null, () -> order.add("b"));
                }));
    assertTrue(s.run().completed());
    assertEquals(List.of("b", "a"), order);
  }
}

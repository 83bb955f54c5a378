package dev.lockstep.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  /** Three tasks incrementing a shared counter under a mutex; returns the observed steps. */
  private static List<String> runCounters(Schedule schedule) {
    Scheduler s = new Scheduler(schedule);
    Mutex m = new Mutex(s, "m");
    AtomicT hits = new AtomicT(s, "hits", 0);
    List<String> observed = new ArrayList<>();
    s.addListener((step, task, label) -> observed.add(step + " " + task + " " + label));
    for (String name : List.of("a", "b", "c")) {
      s.spawn(
          name,
          () -> {
            for (int i = 0; i < 3; i++) {
              m.lock();
              hits.atomicInc();
              m.unlock();
            }
          });
    }
    RunResult r = s.run();
    assertTrue(r.completed(), r::toString);
    assertEquals(9, hits.value());
    assertEquals(r.steps(), observed.size());
    return observed;
  }

  @Test
  void sameSeedGivesSameExecution() {
    assertEquals(runCounters(Schedules.random(7)), runCounters(Schedules.random(7)));
  }

  @Test
  void differentSeedsGiveDifferentInterleavings() {
    List<List<String>> runs = new ArrayList<>();
    for (long seed = 0; seed < 5; seed++) {
      runs.add(runCounters(Schedules.random(seed)));
    }
    assertTrue(runs.stream().distinct().count() > 1, "five seeds, one interleaving");
  }

  @Test
  void listenerSeesEveryStepNumberedFromOne() {
    List<String> observed = runCounters(Schedules.firstEnabled());
    assertEquals("1 a mutex_lock(m)", observed.get(0));
    assertEquals("2 a atomic_inc(hits)", observed.get(1));
    assertEquals("3 a mutex_unlock(m)", observed.get(2));
    assertEquals(27, observed.size());
  }

  @Test
  void listenerSeesStateAfterTheStepAndBeforeTheNextOne() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    AtomicT x = new AtomicT(s, "x", 0);
    int[] localPc = new int[1];
    List<String> seen = new ArrayList<>();
    s.addListener((step, task, label) -> seen.add(label + " x=" + x.value() + " pc=" + localPc[0]));
    s.spawn(
        "t",
        () -> {
          x.atomicSet(5);
          localPc[0] = 1;
          x.atomicInc();
          localPc[0] = 2;
        });
    assertTrue(s.run().completed());
    assertEquals(List.of("atomic_set(x) x=5 pc=1", "atomic_inc(x) x=6 pc=2"), seen);
  }

  @Test
  void replayFollowsTaskEntriesAndStopsAfterThem() {
    Scheduler s = new Scheduler(Schedules.replay(List.of("b", "a", "b:atomic_inc(x)")));
    AtomicT x = new AtomicT(s, "x", 0);
    List<String> order = new ArrayList<>();
    s.addListener((step, task, label) -> order.add(task + ":" + label));
    s.spawn("a", () -> x.atomicInc());
    s.spawn("b", () -> { x.atomicSet(10); x.atomicInc(); x.atomicInc(); });
    RunResult r = s.run();
    assertInstanceOf(Outcome.Stopped.class, r.outcome());
    assertEquals(List.of("b:atomic_set(x)", "a:atomic_inc(x)", "b:atomic_inc(x)"), order);
    assertEquals(12, x.value());
  }

  @Test
  void replayEntryThatMatchesNothingFailsNamingTheEntry() {
    Scheduler s = new Scheduler(Schedules.replay(List.of("a", "ghost")));
    AtomicT x = new AtomicT(s, "x", 0);
    s.spawn("a", () -> { x.atomicInc(); x.atomicInc(); });
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertTrue(f.cause().getMessage().contains("entry #2 'ghost'"), f.cause().getMessage());
  }

  @Test
  void abbaDeadlockIsReportedWithItsCycleAndNoThreadLeaks() {
    Scheduler s = new Scheduler(Schedules.replay(List.of("t1", "t2"), Schedules.firstEnabled()));
    Mutex a = new Mutex(s, "A");
    Mutex b = new Mutex(s, "B");
    s.spawn("t1", () -> { a.lock(); b.lock(); b.unlock(); a.unlock(); });
    s.spawn("t2", () -> { b.lock(); a.lock(); a.unlock(); b.unlock(); });
    RunResult r = s.run();
    Outcome.Deadlock d = assertInstanceOf(Outcome.Deadlock.class, r.outcome());
    assertEquals(
        List.of(
            new Outcome.Blocked("t1", "mutex_lock(B)", WaitsFor.heldBy("B", "t2")),
            new Outcome.Blocked("t2", "mutex_lock(A)", WaitsFor.heldBy("A", "t1"))),
        d.blocked());
    assertEquals(List.of(ImmutableList.of("t1", "t2")), d.cycles());
    assertEquals(List.of(), Scheduler.liveTasks());
  }

  @Test
  void livelockHitsTheStepBound() {
    Scheduler s = new Scheduler(Schedules.random(1), 500);
    SpinLock l = new SpinLock(s, "l");
    AtomicT flag = new AtomicT(s, "flag", 0);
    s.spawn("spinner", () -> { while (flag.atomicRead() == 0) { l.lock(); l.unlock(); } });
    RunResult r = s.run();
    assertEquals(new Outcome.StepBoundExceeded(500), r.outcome());
    assertEquals(500, r.steps());
    assertEquals(List.of(), Scheduler.liveTasks());
  }

  @Test
  void exceptionInTaskFailsTheRunAndUnwindsTheOthers() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    Mutex m = new Mutex(s, "m");
    s.spawn("holder", () -> { m.lock(); throw new IllegalStateException("boom"); });
    s.spawn("waiter", () -> { m.lock(); m.unlock(); });
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertEquals("holder", f.task());
    assertEquals("boom", f.cause().getMessage());
    assertEquals(List.of(), Scheduler.liveTasks());
  }

  @Test
  void throwingListenerFailsTheRunAtThatStep() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    AtomicT x = new AtomicT(s, "x", 0);
    s.addListener((step, task, label) -> { if (x.value() == 2) throw new AssertionError("x=2"); });
    s.spawn("t", () -> { for (int i = 0; i < 5; i++) x.atomicInc(); });
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertEquals(2, f.step());
    assertEquals(2, x.value());
  }

  @Test
  void unlockByNonOwnerIsAKernelWarning() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    Mutex m = new Mutex(s, "m");
    s.spawn("a", m::lock);
    s.spawn("b", m::unlock);
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertInstanceOf(KernelWarning.class, f.cause());
    assertEquals("b", f.task());
  }

  @Test
  void schedulerRunsOnlyOnceAndOnlyFromTasks() {
    Scheduler s = new Scheduler(Schedules.firstEnabled());
    AtomicT x = new AtomicT(s, "x", 0);
    assertThrows(IllegalStateException.class, x::atomicInc);
    s.run();
    assertThrows(IllegalStateException.class, s::run);
  }

  @Test
  void longRandomRunCompletesWithinItsSteps() {
    Scheduler s = new Scheduler(Schedules.random(3), 400_000);
    Mutex m = new Mutex(s, "m");
    AtomicT x = new AtomicT(s, "x", 0);
    long[] seen = new long[1];
    s.addListener((step, task, label) -> seen[0] = step);
    for (String name : List.of("a", "b")) {
      s.spawn(name, () -> { for (int i = 0; i < 25_000; i++) { m.lock(); x.atomicInc(); m.unlock(); } });
    }
    RunResult r = s.run();
    assertTrue(r.completed(), r::toString);
    assertEquals(150_000, r.steps());
    assertEquals(150_000, seen[0]);
    assertEquals(50_000, x.value());
  }

  @Test
  void recordedRandomTraceReplaysToTheSameExecution() {
    List<Choice> recorded = new ArrayList<>();
    List<String> original = runCounters(Schedules.recording(Schedules.random(99), recorded));
    List<String> entries = recorded.stream().map(Choice::toString).toList();
    assertEquals(original, runCounters(Schedules.replay(entries)));
  }
}

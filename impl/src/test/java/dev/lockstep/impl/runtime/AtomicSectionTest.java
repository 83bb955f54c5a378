package dev.lockstep.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtomicSectionTest {

  private static List<String> steps(Scheduler s) {
    List<String> steps = new ArrayList<>();
    s.addListener((step, task, label) -> steps.add(task + ":" + label));
    return steps;
  }

  @Test
  void operationsAfterTheFirstMergeIntoOneStep() {
    Scheduler s = new Scheduler(Schedules.random(5));
    RwSemaphore sem = new RwSemaphore(s, "dax->sem");
    AtomicT refcnt = new AtomicT(s, "refcnt", 0);
    List<String> steps = steps(s);
    s.spawn("r", () -> s.atomic(() -> { sem.downRead(); refcnt.atomicInc(); sem.upRead(); }));
    s.spawn("o", () -> refcnt.atomicSet(7));
    assertTrue(s.run().completed());
    assertTrue(steps.contains("r:down_read(dax->sem) + atomic_inc(refcnt) + up_read(dax->sem)"), steps::toString);
    assertEquals(2, steps.size());
  }

  @Test
  void releaseWaitingForInFlightAccessEndsTheMergedStep() {
    Scheduler s = new Scheduler(Schedules.replay(List.of("r", "r", "r:atomic_dec(refcnt)"), Schedules.firstEnabled()));
    RwSemaphore inode = new RwSemaphore(s, "i_rwsem");
    RwSemaphore mmap = new RwSemaphore(s, "invalidate_lock");
    AtomicT refcnt = new AtomicT(s, "refcnt", 1);
    List<String> steps = steps(s);
    s.spawn(
        "r",
        () -> {
          inode.downRead();
          mmap.downRead();
          s.access("copy_to_user", () -> {});
          s.atomic(() -> { refcnt.atomicDec(); inode.upRead(); mmap.upRead(); });
        });
    assertTrue(s.run().completed());
    assertEquals(
        List.of(
            "r:down_read(i_rwsem)", "r:down_read(invalidate_lock)", "r:atomic_dec(refcnt)",
            "r:copy_to_user", "r:up_read(i_rwsem) + up_read(invalidate_lock)"),
        steps);
  }

  @Test
  void sectionWhoseLaterOperationWouldBlockFailsTheRun() {
    Scheduler s = new Scheduler(Schedules.replay(List.of("holder", "t"), Schedules.firstEnabled()));
    Mutex a = new Mutex(s, "A");
    Mutex b = new Mutex(s, "B");
    s.spawn("holder", () -> { b.lock(); b.unlock(); });
    s.spawn("t", () -> s.atomic(() -> { a.lock(); b.lock(); }));
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertEquals("mutex_lock(B) would block inside an atomic section", f.cause().getMessage());
  }

  @Test
  void queuedWriterEngagesTheSectionOnlyOnceItHoldsTheSemaphore() {
    Scheduler s =
        new Scheduler(Schedules.replay(List.of("r", "w", "r"), Schedules.firstEnabled()));
    RwSemaphore sem = new RwSemaphore(s, "sem");
    AtomicT tree = new AtomicT(s, "tree", 0);
    List<String> steps = steps(s);
    s.spawn("r", () -> { sem.downRead(); sem.upRead(); });
    s.spawn("w", () -> s.atomic(() -> { sem.downWrite(); tree.atomicInc(); sem.upWrite(); }));
    assertTrue(s.run().completed());
    assertEquals(
        List.of(
            "r:down_read(sem)", "w:down_write(sem)", "r:up_read(sem)",
            "w:down_write(sem):woken + atomic_inc(tree) + up_write(sem)"),
        steps);
  }
}

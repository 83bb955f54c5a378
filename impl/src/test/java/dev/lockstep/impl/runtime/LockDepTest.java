package dev.lockstep.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class LockDepTest {

  /** One run of {@code tasks} on {@code graph} under {@code schedule}; returns its outcome. */
  private static Outcome run(LockDep graph, Schedule schedule, Consumer<Scheduler> tasks) {
    Scheduler s = new Scheduler(schedule, 1000);
    tasks.accept(s);
    graph.attach(s, "test");
    return s.run().outcome();
  }

  private static void lockAThenB(Mutex a, Mutex b) {
    a.lock();
    b.lock();
    b.unlock();
    a.unlock();
  }

  private static void lockBThenA(Mutex a, Mutex b) {
    b.lock();
    a.lock();
    a.unlock();
    b.unlock();
  }

  private static Consumer<Scheduler> oneTask(boolean aFirst) {
    return s -> {
      Mutex a = new Mutex(s, "a0", "A");
      Mutex b = new Mutex(s, "b0", "B");
      s.spawn("t", () -> {
        if (aFirst) {
          lockAThenB(a, b);
        } else {
          lockBThenA(a, b);
        }
      });
    };
  }

  @Test
  void anAbbaFromTwoRunsThatEachCompletedIsReportedAsLockdepDoes() {
    LockDep graph = new LockDep();
    assertInstanceOf(Outcome.Completed.class, run(graph, Schedules.firstEnabled(), oneTask(true)));
    assertInstanceOf(Outcome.Completed.class, run(graph, Schedules.firstEnabled(), oneTask(false)));
    List<LockCycles.Cycle> cycles = LockCycles.of(graph);
    assertEquals(1, cycles.size());
    LockCycles.Cycle c = cycles.get(0);
    assertEquals("A -> B -> A", c.toString());
    // the second run's B -> A closes the chain A -> B made by the first
    assertEquals("B", c.closing().from());
    assertEquals(2, c.closing().first().run());
    assertTrue(c.edges().stream().allMatch(e -> e.firstCompleted().isPresent()));
    assertEquals("lock_b_then_a", c.closing().first().toSite().function());
    assertEquals("lock_b_then_a", c.closing().first().fromSite().function());
    String report = LockDepReport.render("abba", graph, LockOrder.of("test", "A", "B"));
    assertTrue(report.contains("WARNING: possible circular locking dependency detected"), report);
    assertTrue(report.contains("t is trying to acquire lock:\n (A), at: lock_b_then_a"), report);
    assertTrue(report.contains("but task is already holding lock:\n (B), at: lock_b_then_a"), report);
    assertTrue(report.contains("-> #1 (B):\n       lock_a_then_b\n"), report);
    assertTrue(report.contains("-> #0 (A):\n       lock_b_then_a\n"), report);
    assertTrue(report.contains("  lock(B);\n" + " ".repeat(31) + "lock(A);\n" + " ".repeat(31) + "lock(B);\n"
        + "  lock(A);\n"), report);
    assertTrue(report.contains("1 against the documented order"), report);
    assertTrue(report.contains("B -(EN)-> A   AGAINST THE DOCUMENTED ORDER"), report);
    // the witness schedule is the whole run that made the edge: it replays to completion
    Scheduler replay = new Scheduler(Schedules.replay(c.closing().first().schedule()), 1000);
    oneTask(false).accept(replay);
    assertInstanceOf(Outcome.Completed.class, replay.run().outcome());
  }

  @Test
  void locksTakenInOneOrderOnlyGiveNoCycleAndNoReport() {
    LockDep graph = new LockDep();
    run(graph, Schedules.firstEnabled(), oneTask(true));
    run(graph, Schedules.random(7), oneTask(true));
    assertEquals(1, graph.edges().size());
    assertEquals(List.of(), LockCycles.of(graph));
    assertEquals(List.of(), LockOrder.of("test", "A", "B").violations(graph));
  }

  private static Explorer.Scenario unpruned(Consumer<Scheduler> tasks) {
    return s -> {
      tasks.accept(s);
      return null;
    };
  }

  /** Two readers of X in ABBA with Y, and optionally a writer of X. */
  private static Consumer<Scheduler> readersAbba(boolean writer, boolean firstReader, boolean secondReader) {
    return s -> {
      RwSemaphore x = new RwSemaphore(s, "x", "X");
      Mutex y = new Mutex(s, "y", "Y");
      if (firstReader) {
        s.spawn("r1", () -> {
          x.downRead();
          y.lock();
          y.unlock();
          x.upRead();
        });
      }
      if (secondReader) {
        s.spawn("r2", () -> {
          y.lock();
          x.downRead();
          x.upRead();
          y.unlock();
        });
      }
      if (writer) {
        s.spawn("w", () -> {
          x.downWrite();
          x.upWrite();
        });
      }
    };
  }

  /**
   * down_read is lockdep's non-recursive read (read = 1): X -(SN)-> Y -(EN)-> X is a strong cycle, because a writer
   * queued on X between the two down_reads makes the second one wait. The exploration agrees: the two readers never
   * deadlock alone, and do with a writer.
   */
  @Test
  void readAfterReadOfAnRwSemaphoreIsADependencyBecauseAQueuedWriterBlocksTheReader() {
    LockDep graph = new LockDep();
    assertInstanceOf(Outcome.Completed.class, run(graph, Schedules.firstEnabled(), readersAbba(false, true, false)));
    assertInstanceOf(Outcome.Completed.class, run(graph, Schedules.firstEnabled(), readersAbba(false, false, true)));
    List<LockCycles.Cycle> cycles = LockCycles.of(graph);
    assertEquals(1, cycles.size(), () -> LockDepReport.render("rw", graph, LockOrder.none()));
    assertEquals("SN", graph.edges().get(0).kinds());
    assertEquals("EN", graph.edges().get(1).kinds());

    Explorer.Result alone = Explorer.explore(unpruned(readersAbba(false, true, true)), 100, 10_000, Explorer::completedOrPruned);
    assertTrue(alone.exhausted() && alone.counterexample().isEmpty(), alone::toString);
    Explorer.Result withWriter =
        Explorer.explore(unpruned(readersAbba(true, true, true)), 100, 10_000, Explorer::completedOrPruned);
    assertInstanceOf(Outcome.Deadlock.class, withWriter.counterexample().orElseThrow().result().outcome());
  }

  /**
   * A recursive reader (rcu_read_lock, read = 2) waits for no reader: R -(SN)-> Y -(ER)-> R has -(*R)-> -(S*)-> and is
   * no cycle; nor is a nested rcu_read_lock. A nested down_read is lockdep's "possible recursive locking".
   */
  @Test
  void aRecursiveReadAfterASharedHolderIsNoCycleButANestedDownReadIs() {
    LockDep graph = new LockDep();
    run(graph, Schedules.firstEnabled(), s -> {
      Rcu rcu = new Rcu(s);
      Mutex y = new Mutex(s, "y", "Y");
      s.spawn("reader", () -> {
        rcu.rcuReadLock();
        rcu.rcuReadLock();
        y.lock();
        y.unlock();
        rcu.rcuReadUnlock();
        rcu.rcuReadUnlock();
      });
      s.spawn("updater", () -> {
        y.lock();
        rcu.rcuReadLock();
        rcu.rcuReadUnlock();
        y.unlock();
      });
    });
    assertEquals(2, graph.edges().size(), () -> LockDepReport.render("rcu", graph, LockOrder.none()));
    assertEquals(List.of(), LockCycles.of(graph));

    LockDep nested = new LockDep();
    run(nested, Schedules.firstEnabled(), s -> {
      RwSemaphore x = new RwSemaphore(s, "x", "X");
      s.spawn("t", () -> {
        x.downRead();
        x.downRead();
        x.upRead();
        x.upRead();
      });
    });
    List<LockCycles.Cycle> cycles = LockCycles.of(nested);
    assertEquals(1, cycles.size());
    assertTrue(cycles.get(0).recursive());
    String report = LockDepReport.render("nested", nested, LockOrder.none());
    assertTrue(report.contains("WARNING: possible recursive locking detected"), report);
    assertTrue(report.contains("       CPU0\n       ----\n  lock(X);\n  lock(X);\n"), report);
  }

  private static LockDep.Edge edge(String from, String to, String kind) {
    LockDep.Edge e = new LockDep.Edge(from, to);
    e.addKind(LockDep.depBit(kind.charAt(0) == 'E' ? LockDep.Mode.WRITE : LockDep.Mode.READ,
        kind.charAt(1) == 'N' ? LockDep.Mode.WRITE : LockDep.Mode.RECURSIVE_READ));
    return e;
  }

  /** lib/locking-selftest.c, commit 8ef7ca75120a "lockdep/selftest: Add more recursive read related test cases". */
  @Test
  void strongCyclesAreTheKernelSelftestsDeadlocks() {
    assertTrue(LockCycles.strong(List.of(edge("X", "Y", "ER"), edge("Y", "Z", "ER"), edge("Z", "X", "ER"))));
    assertTrue(LockCycles.strong(List.of(edge("X", "Y", "EN"), edge("Y", "Z", "SR"), edge("Z", "X", "ER"))));
    assertFalse(LockCycles.strong(List.of(edge("X", "Y", "EN"), edge("Y", "Z", "SR"), edge("Z", "X", "SN"))));
    assertFalse(LockCycles.strong(List.of(edge("X", "Y", "ER"), edge("Y", "Z", "SR"), edge("Z", "X", "EN"))));
  }

  /** The waiter holds A while it sleeps on wq; another run wakes wq holding A: A -> wq -> A, from completed runs. */
  @Test
  void sleepingInWaitEventWhileHoldingALockIsADependency() {
    LockDep graph = new LockDep();
    Outcome first = run(graph, Schedules.firstEnabled(), s -> {
      Mutex a = new Mutex(s, "a", "A");
      WaitQueue wq = new WaitQueue(s, "wq");
      AtomicT done = new AtomicT(s, "done", 0);
      s.spawn("waiter", () -> {
        a.lock();
        wq.waitEvent("done", () -> done.value() == 1);
        a.unlock();
      });
      s.spawn("waker", () -> {
        done.atomicSet(1);
        wq.wakeUp();
      });
    });
    assertInstanceOf(Outcome.Completed.class, first);
    Outcome second = run(graph, Schedules.firstEnabled(), s -> {
      Mutex a = new Mutex(s, "a", "A");
      WaitQueue wq = new WaitQueue(s, "wq");
      s.spawn("waker", () -> {
        a.lock();
        wq.wakeUp();
        a.unlock();
      });
    });
    assertInstanceOf(Outcome.Completed.class, second);
    assertTrue(graph.isWait("wq"));
    List<LockCycles.Cycle> cycles = LockCycles.of(graph);
    assertEquals(1, cycles.size());
    assertEquals("A -> wq -> A", cycles.get(0).toString());
    String report = LockDepReport.render("wait", graph, LockOrder.none());
    assertTrue(report.contains("wait_event(wq);"), report);
  }

  @Test
  void thePictureIsWellFormedDeterministicAndMarksTheCycle() throws Exception {
    LockDep graph = new LockDep();
    run(graph, Schedules.firstEnabled(), oneTask(true));
    run(graph, Schedules.firstEnabled(), oneTask(false));
    LockGraphPicture picture = new LockGraphPicture(graph, LockOrder.none());
    String svg = picture.svg("a <test> & more");
    assertEquals(svg, new LockGraphPicture(graph, LockOrder.none()).svg("a <test> & more"));
    DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertTrue(svg.contains(">A</text>") && svg.contains(">B</text>"), svg);
    assertEquals(2, svg.split("stroke=\"red\"", -1).length - 1, svg);
    String dot = picture.dot("abba");
    assertTrue(dot.contains("\"A\" -> \"B\" [label=\"EN\", color=red];"), dot);
  }

  @Test
  void callSitesAreTheKernelFunctionsTheModelMethodsAreNamedAfter() {
    assertEquals("fuse_iomap_begin", LockDep.kernelName("lambda$fuseIomapBegin$3"));
    assertEquals("fuse_dax_free_mem_worker", LockDep.kernelName("fuseDaxFreeMemWorker"));
    assertEquals("lock_a_then_b", LockDep.kernelName("lockAThenB"));
  }

  /** Takes C, then A, and B under A only if t2 has already said go: a later schedule than the first. */
  private static void lockCThenAThenMaybeB(Scheduler s, Mutex a, Mutex b, Mutex c, boolean[] go) {
    lockAndUnlock(c);
    a.lock();
    if (s.step("READ_ONCE(go)", Ordering.RELAXED, () -> go[0])) {
      lockBUnderA(b);
    }
    a.unlock();
  }

  private static void lockAndUnlock(Mutex c) {
    c.lock();
    c.unlock();
  }

  private static void lockBUnderA(Mutex b) {
    b.lock();
    b.unlock();
  }

  /**
   * An explorer re-executes each schedule's prefix, and lockdep reuses the sites the earlier run walked there: an edge
   * first made in a later schedule, whose held lock was taken in the re-executed prefix, has the sites a fresh graph
   * finds when its witness schedule is replayed alone.
   */
  @Test
  void sitesReusedInReExecutedPrefixesAreThoseOfAFreshRun() {
    LockDep graph = new LockDep();
    Consumer<Scheduler> tasks = s -> {
      Mutex a = new Mutex(s, "a0", "A");
      Mutex b = new Mutex(s, "b0", "B");
      Mutex c = new Mutex(s, "c0", "C");
      boolean[] go = {false};
      s.spawn("t1", () -> lockCThenAThenMaybeB(s, a, b, c, go));
      s.spawn("t2", () -> s.perform("WRITE_ONCE(go, 1)", Ordering.RELAXED, () -> go[0] = true));
    };
    Explorer.Result r = Explorer.explore(scheduler -> {
      tasks.accept(scheduler);
      graph.attach(scheduler, "test");
      return null;
    }, 1000, 10_000, run -> true);
    assertTrue(r.exhausted());
    LockDep.Edge ab = graph.edges().stream().filter(e -> e.from().equals("A") && e.to().equals("B")).findFirst()
        .orElseThrow();
    assertTrue(ab.first().run() > 1, "made in a later schedule, after a re-executed prefix");
    LockDep fresh = new LockDep();
    run(fresh, Schedules.replay(ab.first().schedule()), tasks);
    LockDep.Edge again = fresh.edges().stream().filter(e -> e.from().equals("A") && e.to().equals("B"))
        .findFirst().orElseThrow();
    assertEquals("lock_c_then_a_then_maybe_b", again.first().fromSite().function());
    assertEquals(again.first().fromSite(), ab.first().fromSite());
    assertEquals(again.first().toSite(), ab.first().toSite());
  }
}

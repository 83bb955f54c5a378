package dev.lockstep.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ExplorerTest {

  /** x += 1 as a read step and a write step, into the task's local copy, optionally under m. */
  private static void increment(Mutex m, AtomicT x, int[] local, boolean locked) {
    if (locked) {
      m.lock();
    }
    local[0] = x.atomicRead();
    x.atomicSet(local[0] + 1);
    if (locked) {
      m.unlock();
    }
  }

  /**
   * Two tasks each do a read step and a write step of x += 1, optionally under a mutex. Adds the
   * final value to {@code finals} and fails the run if an update was lost; with {@code prune} it
   * supplies the state abstraction (x, lock owner, both tasks' local copies).
   */
  private static Explorer.Scenario increments(boolean locked, Set<Integer> finals, boolean prune) {
    return s -> {
      Mutex m = new Mutex(s, "m");
      AtomicT x = new AtomicT(s, "x", 0);
      int[] done = new int[1];
      int[][] local = new int[2][1];
      for (int i = 0; i < 2; i++) {
        int[] tmp = local[i];
        s.spawn(
            "t" + i,
            () -> {
              increment(m, x, tmp, locked);
              if (++done[0] == 2) {
                finals.add(x.value());
                if (x.value() < 2) {
                  throw new AssertionError("lost update: x=" + x.value());
                }
              }
            });
      }
      return prune ? () -> List.of(x.value(), m.owner(), local[0][0], local[1][0]) : null;
    };
  }

  @Test
  void enumeratesEveryInterleavingOfTwoTwoStepTasks() {
    Set<Integer> finals = new HashSet<>();
    Explorer.Result r = Explorer.explore(increments(false, finals, false), 100, 1000, res -> true);
    assertTrue(r.exhausted());
    assertEquals(6, r.schedules());
    assertEquals(Set.of(1, 2), finals);
  }

  @Test
  void findsTheLostUpdateAndItsTraceReplays() {
    Explorer.Result r =
        Explorer.explore(
            increments(false, new HashSet<>(), false), 100, 1000, Explorer::completedOrPruned);
    Explorer.Counterexample cex = r.counterexample().orElseThrow();
    Scheduler s = new Scheduler(Schedules.replay(cex.replayEntries()));
    increments(false, new HashSet<>(), false).setUp(s);
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertEquals("lost update: x=1", f.cause().getMessage());
  }

  @Test
  void lockedIncrementsNeverLoseAnUpdate() {
    Set<Integer> finals = new HashSet<>();
    Explorer.Result r =
        Explorer.explore(increments(true, finals, false), 100, 1000, Explorer::completedOrPruned);
    assertTrue(r.exhausted());
    assertEquals(Set.of(2), finals);
  }

  @Test
  void statePruningCutsRunsButReachesTheSameFinalStates() {
    Set<Integer> full = new HashSet<>();
    Set<Integer> pruned = new HashSet<>();
    Explorer.Result all = Explorer.explore(increments(false, full, false), 100, 10_000, res -> true);
    Explorer.Result cut = Explorer.explore(increments(false, pruned, true), 100, 10_000, res -> true);
    assertTrue(all.exhausted() && cut.exhausted());
    assertTrue(cut.pruned() > 0, "nothing pruned");
    assertTrue(cut.schedules() < all.schedules(), cut + " vs " + all);
    assertEquals(full, pruned);
  }

  /** Many starts, with states shared between them: x starts at 0, 1 or 2 and two tasks add to it. */
  private static List<Explorer.Scenario> startsAt(int starts, Set<List<Object>> reached, boolean locked) {
    List<Explorer.Scenario> out = new ArrayList<>();
    for (int k = 0; k < starts; k++) {
      int initial = k % 3;
      out.add(s -> {
        Mutex m = new Mutex(s, "m");
        AtomicT x = new AtomicT(s, "x", initial);
        int[][] local = new int[2][1];
        for (int i = 0; i < 2; i++) {
          int[] tmp = local[i];
          s.spawn("t" + i, () -> increment(m, x, tmp, locked));
        }
        s.addListener((step, task, label) ->
            reached.add(List.of(x.value(), m.owner(), local[0][0], local[1][0], s.controlState())));
        return () -> List.of(x.value(), m.owner(), local[0][0], local[1][0]);
      });
    }
    return out;
  }

  @Test
  void twoWorkersSharingVisitedStatesReachWhatOneWorkerReaches() {
    Set<List<Object>> one = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Set<List<Object>> two = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Explorer.Result sequential =
        Explorer.explore(startsAt(9, one, false), 100, 10_000, res -> true, true, 1);
    Explorer.Result parallel =
        Explorer.explore(startsAt(9, two, false), 100, 10_000, res -> true, true, 2);
    assertTrue(sequential.exhausted() && parallel.exhausted(), sequential + " " + parallel);
    assertTrue(one.size() > 20, "too small to tell: " + one.size());
    assertEquals(one, two);
  }

  @Test
  void aFailureFoundByTwoWorkersIsReportedAsOneWorkerFindsIt() {
    Predicate<RunResult> noFinalThree =
        res -> !(res.outcome() instanceof Outcome.Completed) || res.steps() < 6;
    List<Explorer.Counterexample> found = new ArrayList<>();
    for (int workers : new int[] {1, 2, 2, 2}) {
      Explorer.Result r = Explorer.explore(
          startsAt(9, java.util.concurrent.ConcurrentHashMap.newKeySet(), true), 100, 10_000, noFinalThree, false, workers);
      found.add(r.counterexample().orElseThrow());
    }
    assertEquals(1, found.stream().map(c -> List.of(c.start(), c.replayEntries())).distinct().count(),
        found.toString());
  }

  @Test
  void aStepIsMarkedRepeatedExactlyWhenAnEarlierRunTookItFromTheSameState() {
    Set<List<String>> taken = new HashSet<>();
    List<String> violations = new ArrayList<>();
    Explorer.Scenario scenario = s -> {
      Explorer.Scenario inner = increments(false, new HashSet<>(), true);
      List<String> path = new ArrayList<>();
      s.addListener((step, task, label) -> {
        path.add(task + ":" + label);
        boolean seen = !taken.add(List.copyOf(path));
        if (seen != s.repeats(step)) {
          violations.add("step " + step + " of " + path + ": repeats=" + s.repeats(step));
        }
      });
      return inner.setUp(s);
    };
    Explorer.Result r = Explorer.explore(scenario, 100, 10_000, res -> true);
    assertTrue(r.exhausted() && r.schedules() > 1, r.toString());
    assertEquals(List.of(), violations);
  }

  /**
   * A waiter sleeps until a flag is set; the setter then polls until the waiter is done. Without
   * the wake_up the waiter can sleep forever while the setter polls: pruning cuts that cycle, so
   * only the progress check sees it.
   */
  private static Explorer.Scenario flagAndPoll(boolean wakeUp) {
    return s -> {
      WaitQueue wq = new WaitQueue(s, "wq");
      boolean[] flag = {false};
      boolean[] waiterDone = {false};
      s.spawn("waiter", () -> {
        wq.waitEvent("flag", () -> flag[0]);
        s.perform("done", Ordering.RELAXED, () -> waiterDone[0] = true);
      });
      s.spawn("setter", () -> {
        s.perform("set", Ordering.RELAXED, () -> flag[0] = true);
        if (wakeUp) {
          wq.wakeUp();
        }
        while (!s.step("poll", Ordering.RELAXED, () -> waiterDone[0])) {
          // polls until the waiter has finished
        }
      });
      return () -> List.of(flag[0], waiterDone[0], wq.queued(), wq.woken());
    };
  }

  @Test
  void aLostWakeUpThatPruningHidesFailsTheProgressCheckWithAScheduleToTheStuckState() {
    assertTrue(Explorer.explore(flagAndPoll(false), 100, 10_000, Explorer::completedOrPruned)
        .counterexample().isEmpty());
    Explorer.Result r =
        Explorer.exploreToCompletion(flagAndPoll(false), 100, 10_000, Explorer::completedOrPruned);
    Explorer.Counterexample cex = r.counterexample().orElseThrow();
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, cex.result().outcome());
    assertInstanceOf(Explorer.NoProgress.class, f.cause());
    // Once the waiter checked the flag before it was set and sleeps, nobody wakes it.
    assertEquals(
        List.of("waiter:wait_event(wq, flag)", "waiter:wait_event(wq, flag):check"),
        cex.replayEntries());
  }

  @Test
  void withTheWakeUpEveryStateCanStillFinish() {
    Explorer.Result r =
        Explorer.exploreToCompletion(flagAndPoll(true), 100, 10_000, Explorer::completedOrPruned);
    assertEquals(Optional.empty(), r.counterexample());
    assertTrue(r.exhausted());
  }

  /**
   * A server task reads any of the requests a client has queued (a {@link Scheduler#choose}):
   * every option is a schedule of its own, and with nothing queued the server waits.
   */
  @Test
  void aChoiceOffersEveryOptionAsAnAlternativeAndBlocksWithoutOne() {
    Set<List<String>> orders = new HashSet<>();
    Explorer.Result r =
        Explorer.explore(
            s -> {
              List<String> queue = new ArrayList<>();
              List<String> served = new ArrayList<>();
              s.spawn(
                  "client",
                  () -> s.perform("queue a and b", Ordering.RELAXED, () -> queue.addAll(List.of("a", "b"))));
              s.spawn(
                  "server",
                  () -> {
                    for (int i = 0; i < 2; i++) {
                      String req =
                          s.choose(
                              "read", Ordering.ACQUIRE, () -> List.copyOf(queue), q -> q,
                              () -> WaitsFor.event("a request"));
                      queue.remove(req);
                      served.add(req);
                    }
                    orders.add(List.copyOf(served));
                  });
              return null;
            },
            100,
            1000,
            res -> res.outcome() instanceof Outcome.Completed);
    assertTrue(r.exhausted());
    assertEquals(Optional.empty(), r.counterexample());
    assertEquals(Set.of(List.of("a", "b"), List.of("b", "a")), orders);
  }
}

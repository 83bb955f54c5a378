package dev.lockstep.impl.dax;

import static dev.lockstep.impl.dax.DaxScenarios.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.impl.runtime.Explorer;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.impl.runtime.Schedules;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DaxBugReproductionTest {

  /** One reader of i1@0, which d1 maps; d2 is free. */
  private static DaxConfig oneReader(DaxVariant v) {
    return DaxScenarios.config(
        v, Map.of("r1", List.of(at("i1", 0))), Map.of(), Map.of("d1", at("i1", 0)));
  }

  /** One fault on i1@0 while both ranges are busy with other ranges of the same file. */
  private static DaxConfig oneFaultNothingFree(DaxVariant v) {
    return DaxScenarios.config(
        v,
        Map.of(),
        Map.of("f1", List.of(at("i1", 0))),
        Map.of("d1", at("i1", 1), "d2", at("i1", 2)));
  }

  /** Two readers of different ranges of i1, which d1 maps; d2 is free. */
  private static DaxConfig twoReaders(DaxVariant v) {
    return DaxScenarios.config(
        v,
        Map.of("r1", List.of(at("i1", 0)), "r2", List.of(at("i1", 1))),
        Map.of(),
        Map.of("d1", at("i1", 0)));
  }

  /** Two faults on i1@0 and i1@1 while both ranges are busy with i1@1 and i1@2. */
  private static DaxConfig twoFaultsNothingFree(DaxVariant v) {
    return DaxScenarios.config(
        v,
        Map.of(),
        Map.of("f1", List.of(at("i1", 0)), "f2", List.of(at("i1", 1))),
        Map.of("d1", at("i1", 1), "d2", at("i1", 2)));
  }

  private static Explorer.Result explore(DaxConfig config) {
    return explore(config, new HashSet<>());
  }

  /** Exhaustive search with invariant checks; adds every state reached to {@code states}. */
  private static Explorer.Result explore(DaxConfig config, Set<DaxState> states) {
    return Explorer.explore(
        s -> {
          FuseDax dax = FuseDax.spawn(s, config);
          s.addListener(DaxInvariants.checking(dax));
          s.addListener((step, task, label) -> states.add(dax.snapshot()));
          return dax::explorationKey;
        },
        500,
        200_000,
        Explorer::completedOrPruned);
  }

  /** Seed 000: the reader's atomic_dec becomes visible before its copy, the worker reclaims d1. */
  private static final List<String> RELAXED_REORDER =
      List.of(
          "r1", // FuseDaxReadIter: inode_lock_shared
          "r1", // FuseIomapBegin: hit d1, atomic_inc, copy_to_user issued
          "r1:atomic_dec(d1.refcnt)", // AtomicDecVisible, the copy still in flight
          "worker", // FuseDaxFreeMemWorker
          "worker", // TryToFreeDmapChunks: d1.refcnt reads 0
          "worker", // FilemapInvalidateLock (+ fuse_dax_break_layouts)
          "worker"); // LookupAndReclaimDmapLocked: down_write(dax->sem), d1 freed under the copy

  @Test
  void refcountRelaxedReorderLetsReclaimFreeAWindowStillBeingCopied() {
    DaxScenarios.Run run =
        DaxScenarios.run(oneReader(DaxVariant.REFCOUNT_RELAXED), Schedules.replay(RELAXED_REORDER), 100);
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, run.result().outcome());
    assertEquals(7, f.step());
    assertTrue(
        f.cause().getMessage().contains("NoReclaimWhileInUse: r1 at copy_dec_visible uses d1 for i1@0 but it maps nothing"),
        f.cause().getMessage());
    assertEquals(
        "worker:down_write(i1.dax->sem) + atomic_read(d1.refcnt) + FUSE_REMOVEMAPPING(d1)"
            + " + spin_lock(fcd->lock) + wake_up(fcd->range_waitq) + spin_unlock(fcd->lock)"
            + " + up_write(i1.dax->sem) + up_write(i1.invalidate_lock)",
        run.trace().get(6));
  }

  @Test
  void refcountRelaxedViolationIsFoundByExhaustiveSearch() {
    Explorer.Result r = explore(oneReader(DaxVariant.REFCOUNT_RELAXED));
    Explorer.Counterexample cex = r.counterexample().orElseThrow();
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, cex.result().outcome());
    assertTrue(f.cause().getMessage().contains("NoReclaimWhileInUse"), f.cause().getMessage());
  }

  @Test
  void upstreamRefcountNeverLetsTheDecrementOvertakeTheCopy() {
    Scheduler s = new Scheduler(Schedules.replay(List.of("r1", "r1", "r1:refcount_dec_and_test(d1.refcnt)")));
    FuseDax.spawn(s, oneReader(DaxVariant.REFCOUNT_UPSTREAM));
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, s.run().outcome());
    assertTrue(
        f.cause().getMessage().contains("entry #3 'r1:refcount_dec_and_test(d1.refcnt)' matches no enabled choice"),
        f.cause().getMessage());
  }

  @Test
  void upstreamRefcountKeepsTheInvariantsInEverySchedule() {
    Set<DaxState> states = new HashSet<>();
    Explorer.Result r = explore(twoReaders(DaxVariant.REFCOUNT_UPSTREAM), states);
    assertEquals(Optional.empty(), r.counterexample());
    assertTrue(r.exhausted());
    assertTrue(states.size() > 300, () -> r + ", distinct states " + states.size());
  }

  @Test
  void faultInlineReclaimDeadlocksOnItsOwnDaxEntryAndTheRuntimeNamesTheCycle() {
    DaxScenarios.Run run =
        DaxScenarios.run(
            oneFaultNothingFree(DaxVariant.FAULT_INLINE_RECLAIM), Schedules.firstEnabled(), 1000);
    Outcome.Deadlock d = assertInstanceOf(Outcome.Deadlock.class, run.result().outcome());
    assertEquals(List.of(List.of("f1")), d.cycles());
    Outcome.Blocked fault = d.blocked().get(0);
    assertEquals("f1", fault.task());
    assertEquals("fuse_dax_break_layouts(i1, [0, 1, 2])", fault.label());
    assertEquals("DAX entries [entry(i1@0)] held by f1", fault.waitsFor().toString());
    assertEquals("inline_break_layouts", run.dax().snapshot().pc().get("f1"));
  }

  @Test
  void faultWaitRetryNeverDeadlocksInTheSameSituation() {
    Set<DaxState> states = new HashSet<>();
    Explorer.Result r = explore(twoFaultsNothingFree(DaxVariant.FAULT_WAIT_RETRY), states);
    assertEquals(Optional.empty(), r.counterexample());
    assertTrue(r.exhausted());
    assertTrue(states.size() > 300, () -> r + ", distinct states " + states.size());
  }

  @Test
  void inodeTrylockReclaimMakesNoProgressWhileTheReaderWaitsHoldingTheInodeLock() {
    DaxConfig config =
        DaxScenarios.config(
            DaxVariant.INODE_TRYLOCK,
            Map.of("r1", List.of(at("i1", 0))),
            Map.of(),
            Map.of("d1", at("i1", 1), "d2", at("i1", 2)));
    DaxScenarios.Run run = DaxScenarios.run(config, Schedules.random(11), 3000);
    assertEquals(new Outcome.StepBoundExceeded(3000), run.result().outcome());
    DaxState st = run.dax().snapshot();
    assertEquals("wait_range", st.pc().get("r1"));
    assertEquals(Set.of("r1"), st.inodeLock().get("i1").readers());
    assertTrue(
        run.trace().subList(2900, 3000).stream()
            .allMatch(l -> l.startsWith("worker:") || l.startsWith("r1:wait_event")),
        run.trace().subList(2900, 3000)::toString);
  }
}

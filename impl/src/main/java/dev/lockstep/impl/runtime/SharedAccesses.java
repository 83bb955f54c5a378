package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accesses to {@link SharedVariable}s over every run of an exploration it is attached to ({@link #attach}), and
 * from them the <em>unordered pairs</em>: two accesses to one variable, in one run, by two different tasks (or agents),
 * at least one of them a store or read-modify-write, that neither both hold one lock (one of them exclusively) nor are
 * both fully ordered. The LKMM orders every other conflicting pair as an interleaving would: critical sections of one
 * lock execute one after the other, each seeing what was done before the lock was last released (tools/memory-model/
 * Documentation/locking.txt, "Locking"; explanation.txt, "LOCKING"), and a fully ordered atomic acts as {@code smp_mb()}
 * before and after it (Documentation/atomic_t.txt). The unordered pairs are where the LKMM may allow an outcome no
 * interleaving shows; which outcome, a litmus test of the pair's pattern decides.
 *
 * <p>It also finds the <em>unfenced waits</em>: a task's wait ends on a relaxed test ({@link
 * SharedVariable#readOnceEndingWait}) that reads another task's release (or fully ordered) write, and the task then
 * makes another declared access, or its step ends, before a fully ordered operation. The LKMM gives a wait loop's
 * condition no control dependency over what follows the loop (a control dependency needs the write inside an arm of
 * an {@code if} or {@code switch}: tools/memory-model/Documentation/explanation.txt since fc13b47692ef, v6.2, "Weaken
 * ctrl dependency definition", whose message says non-loop conditionals), so only a fence after the test orders the
 * waiter's later accesses after the writer's earlier ones (message passing and load buffering with a release on one
 * side, a full fence on the other: forbidden). A step's undeclared state is the model's, under its locks, which
 * order it either way (the waiter's unlock comes after its test), but a later step may touch anything, so the fence
 * must come in the step of the test. Thread-safe: an exploration's workers may share one.
 */
public final class SharedAccesses {
  /** One access as the pairs name it: the model's functions that made it (innermost first), and how. */
  public record Access(String site, SharedVariable.Kind kind, Ordering ordering) {
    /** Plain accesses have no ordering. */
    public boolean plain() {
      return ordering == null;
    }

    @Override
    public String toString() {
      return site + " " + kind.name().toLowerCase(Locale.ROOT) + " "
          + (plain() ? "plain" : ordering.name().toLowerCase(Locale.ROOT));
    }
  }

  /** Two accesses to a variable of class {@code varClass} that nothing orders; {@code first} sorts before {@code second}. */
  public record Pair(String varClass, Access first, Access second) implements Comparable<Pair> {
    @Override
    public String toString() {
      return varClass + ": " + first + "  ~  " + second;
    }

    @Override
    public int compareTo(Pair o) {
      return toString().compareTo(o.toString());
    }
  }

  /** Frames of a site: the function that accesses and its caller. */
  private static final int SITE_FRAMES = 2;

  /**
   * A wait whose relaxed {@code test} read {@code write}, another task's ordered write, after which the task made
   * {@code next} (an access, or "the step ends") before any fully ordered operation.
   */
  public record UnfencedWait(String varClass, Access write, Access test, String next)
      implements Comparable<UnfencedWait> {
    @Override
    public String toString() {
      return varClass + ": " + test + " reads " + write + ", then " + next + " before a fully ordered operation";
    }

    @Override
    public int compareTo(UnfencedWait o) {
      return toString().compareTo(o.toString());
    }
  }

  private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
  private final Set<UnfencedWait> unfencedWaits = ConcurrentHashMap.newKeySet();

  /** Records the accesses of {@code scheduler}'s run. Call before {@link Scheduler#run}. */
  public void attach(Scheduler scheduler) {
    scheduler.attachSharedAccesses(new Run(scheduler));
  }

  /** The unordered pairs met so far, sorted. */
  public ImmutableSortedSet<Pair> pairs() {
    return ImmutableSortedSet.copyOf(pairs);
  }

  /** The unfenced waits met so far, sorted. */
  public ImmutableSortedSet<UnfencedWait> unfencedWaits() {
    return ImmutableSortedSet.copyOf(unfencedWaits);
  }

  /** One run's accesses: per variable, each distinct (actor, access, locks held) once. */
  final class Run {
    private final Scheduler scheduler;
    private final Map<SharedVariable, Set<Made>> byVariable = new IdentityHashMap<>();
    /** Per variable, the last access that wrote it. */
    private final Map<SharedVariable, Made> lastWrite = new IdentityHashMap<>();
    /** Per actor, the wait whose test it passed and that no fully ordered operation has followed yet. */
    private final Map<String, OpenWait> openWaits = new HashMap<>();

    Run(Scheduler scheduler) {
      this.scheduler = scheduler;
    }

    /** The model's functions on the calling thread's stack that make an access now. */
    String site() {
      return LockDep.callSite(SITE_FRAMES).toString();
    }

    void record(SharedVariable v, String actor, SharedVariable.Kind kind, Ordering ordering, boolean endsWait) {
      Map<Object, SharedVariable.Held> held = scheduler.locksHeldBy(actor);
      String site = scheduler.issuedSite != null ? scheduler.issuedSite : site();
      Made made = new Made(actor, new Access(site, kind, ordering), held);
      followOpenWait(v, actor, made.access);
      if (kind.writes()) {
        lastWrite.put(v, made);
      } else if (endsWait) {
        Made write = lastWrite.get(v);
        if (write != null && !write.actor.equals(actor)
            && (write.access.ordering() == Ordering.RELEASE || write.access.ordering() == Ordering.FULL)) {
          openWaits.put(actor, new OpenWait(v, write.access, made.access));
        }
      }
      Set<Made> seen = byVariable.computeIfAbsent(v, k -> new LinkedHashSet<>());
      if (!seen.add(made)) {
        return;
      }
      for (Made m : new ArrayList<>(seen)) {
        if (!m.actor.equals(actor) && unordered(m, made)) {
          pairs.add(m.access.toString().compareTo(made.access.toString()) <= 0
              ? new Pair(v.varClass(), m.access, made.access)
              : new Pair(v.varClass(), made.access, m.access));
        }
      }
    }

    /** {@code actor}'s access after a wait it passed: a fully ordered one closes the wait, any other is reported. */
    private void followOpenWait(SharedVariable v, String actor, Access access) {
      OpenWait open = openWaits.get(actor);
      if (open == null) {
        return;
      }
      if (access.ordering() == Ordering.FULL) {
        openWaits.remove(actor);
      } else if (v != open.variable) { // the tested variable itself is ordered by coherence
        openWaits.remove(actor);
        unfencedWaits.add(open.unfenced(access.toString()));
      }
    }

    /** The end of {@code actor}'s step: a wait it passed in the step and did not follow with a fence is reported. */
    void stepEnded(String actor) {
      OpenWait open = openWaits.remove(actor);
      if (open != null) {
        unfencedWaits.add(open.unfenced("the step ends"));
      }
    }

    private static boolean unordered(Made x, Made y) {
      if (!x.access.kind().writes() && !y.access.kind().writes()) {
        return false;
      }
      if (x.access.ordering() == Ordering.FULL && y.access.ordering() == Ordering.FULL) {
        return false;
      }
      for (Map.Entry<Object, SharedVariable.Held> e : x.held.entrySet()) {
        SharedVariable.Held other = y.held.get(e.getKey());
        if (other != null
            && (e.getValue() == SharedVariable.Held.EXCLUSIVE || other == SharedVariable.Held.EXCLUSIVE)) {
          return false;
        }
      }
      return true;
    }
  }

  /** A wait passed on {@code test} of {@code variable}, which read {@code write}. */
  private record OpenWait(SharedVariable variable, Access write, Access test) {
    UnfencedWait unfenced(String next) {
      return new UnfencedWait(variable.varClass(), write, test, next);
    }
  }

  /** An access an actor made holding {@code held} (an identity map: equal when the same lock instances are held so). */
  private record Made(String actor, Access access, Map<Object, SharedVariable.Held> held) {}
}

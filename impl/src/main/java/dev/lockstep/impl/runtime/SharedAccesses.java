package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
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
 * interleaving shows; which outcome, a litmus test of the pair's pattern decides. Thread-safe: an exploration's
 * workers may share one.
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

  private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();

  /** Records the accesses of {@code scheduler}'s run. Call before {@link Scheduler#run}. */
  public void attach(Scheduler scheduler) {
    scheduler.attachSharedAccesses(new Run(scheduler));
  }

  /** The unordered pairs met so far, sorted. */
  public ImmutableSortedSet<Pair> pairs() {
    return ImmutableSortedSet.copyOf(pairs);
  }

  /** One run's accesses: per variable, each distinct (actor, access, locks held) once. */
  final class Run {
    private final Scheduler scheduler;
    private final Map<SharedVariable, Set<Made>> byVariable = new IdentityHashMap<>();

    Run(Scheduler scheduler) {
      this.scheduler = scheduler;
    }

    /** The model's functions on the calling thread's stack that make an access now. */
    String site() {
      return LockDep.callSite(SITE_FRAMES).toString();
    }

    void record(SharedVariable v, String actor, SharedVariable.Kind kind, Ordering ordering) {
      Map<Object, SharedVariable.Held> held = scheduler.locksHeldBy(actor);
      String site = scheduler.issuedSite != null ? scheduler.issuedSite : site();
      Made made = new Made(actor, new Access(site, kind, ordering), held);
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

  /** An access an actor made holding {@code held} (an identity map: equal when the same lock instances are held so). */
  private record Made(String actor, Access access, Map<Object, SharedVariable.Held> held) {}
}

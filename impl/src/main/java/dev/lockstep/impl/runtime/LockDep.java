package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lock-order validation across runs, as the kernel's lockdep does ({@code kernel/locking/lockdep.c}): the graph of
 * lock <em>classes</em> (not instances) with an edge A -> B whenever a task acquired (or began to acquire) a lock of
 * class B while holding one of class A. Edges accumulate over every run of an exploration that is attached ({@link
 * #attach}), so an ABBA shows as a cycle even when no run interleaved the two orders into a deadlock.
 *
 * <p>Which held locks give an edge follows {@code check_prevs_add}: the most recent held lock, and the trylocked ones
 * above it ("all consecutive trylock entries and the final non-trylock entry"); a trylock itself adds no edge to the
 * lock it takes ({@code validate_chain}: "trylock can be done in any order"). Each edge carries lockdep's dependency
 * kinds ({@code lock_list::dep}, {@code DEP_*_BIT}, Boqun Feng's recursive-read series, v5.10): {@code S}/{@code E}
 * for a shared or exclusive holder of the first lock, {@code R}/{@code N} for a recursive reader or a non-recursive
 * acquirer of the second. {@code down_read} is a non-recursive read ({@code rwsem_acquire_read} is {@code
 * lock_acquire_shared}, read = 1), because a writer queued on the semaphore blocks later readers: a read-after-read is a
 * real dependency. Only recursive readers (read = 2: {@code rcu_read_lock}) are not, and a cycle counts only if it is
 * "strong": no two adjacent edges -(*R)-> -(S*)-> (commit 6971c0f34562 "lockdep: Extend __bfs() to work with multiple
 * types of dependencies").
 *
 * <p>Beyond the kernel's lockdep, which tracks neither bit locks nor waits: page locks ({@code PG_locked}) and DAX entry
 * locks are classes like any lock (waiting for one to be unlocked is an acquisition and release), and a sleep in
 * {@code wait_event} is an acquisition of the wait queue's class while its {@code wake_up} gives edges from that class
 * to every lock the waker holds (not trylocked): the waiter holding A cannot be woken by a waker that needs A. This is
 * the rule of lockdep's short-lived "crossrelease" (commit b09be676e0ff "locking/lockdep: Implement the 'crossrelease'
 * feature", v4.14; removed by e966eaeeb623 "locking/lockdep: Remove the cross-release locking checks", v4.15), with the
 * waker's held locks standing for its release context.
 *
 * <p>Each edge keeps its first witness, and its first witness in a run that completed: the run's start, its schedule
 * and the two call sites (the kernel functions the model's methods are named after). Deterministic: runs are numbered in
 * the order they end, and the first witness of an edge is that of the lowest-numbered run.
 */
public final class LockDep {
  /** How a lock is taken: lockdep's {@code read} argument 0, 1 or 2. */
  public enum Mode {
    WRITE,
    READ,
    RECURSIVE_READ;

    boolean shared() {
      return this != WRITE;
    }
  }

  /** Where a lock was taken: the model's kernel functions, innermost first. */
  public record Site(ImmutableList<String> frames) {
    public String function() {
      return frames.isEmpty() ? "(unknown)" : frames.get(0);
    }

    @Override
    public String toString() {
      return String.join(" <- ", frames);
    }
  }

  /**
   * A run in which an edge was made: its number in the exploration, the start it ran from, its schedule (entries for
   * {@link Schedules#replay}), the step that made the edge, its task, and the sites of the two acquisitions.
   */
  public record Witness(long run, String start, ImmutableList<String> schedule, int step, String task, Site fromSite,
      Site toSite, boolean completed) {
    /** The same witness numbered after {@code runs} earlier runs (a merged graph's). */
    Witness after(long runs) {
      return new Witness(runs + run, start, schedule, step, task, fromSite, toSite, completed);
    }
  }

  /** One dependency between classes, with the dependency kinds seen ({@code DEP_*_MASK} bits) and its witnesses. */
  public static final class Edge {
    private final String from;
    private final String to;
    private int dep;
    /** The kinds seen in runs that completed. */
    private int depCompleted;
    private Witness first;
    private Witness firstCompleted;

    Edge(String from, String to) {
      this.from = from;
      this.to = to;
    }

    public String from() {
      return from;
    }

    public String to() {
      return to;
    }

    void addKind(int depBit) {
      dep |= 1 << depBit;
    }

    /** Bit {@code b} set for each kind seen: bit0 = holder exclusive, bit1 = acquirer non-recursive. */
    public int dep() {
      return dep;
    }

    public Witness first() {
      return first;
    }

    public Optional<Witness> firstCompleted() {
      return Optional.ofNullable(firstCompleted);
    }

    /** Kinds as lockdep writes them, e.g. "SN,EN". */
    public String kinds() {
      List<String> out = new ArrayList<>();
      for (int bit = 0; bit < 4; bit++) {
        if ((dep & 1 << bit) != 0) {
          out.add(((bit & 1) != 0 ? "E" : "S") + ((bit & 2) != 0 ? "N" : "R"));
        }
      }
      return String.join(",", out);
    }
  }

  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> classes = new ArrayList<>();
  private final Map<Long, Edge> edges = new LinkedHashMap<>();
  /** The dependency kinds of each edge whose completed witness is known: nothing left to learn from them. */
  private final PairMasks settled = new PairMasks();
  /** Classes that are events waited for (wait queues, PG_writeback), not locks. */
  private final Set<String> waits = new HashSet<>();
  private long runs;
  /**
   * The sites the last run asked for, in order ({@link Run#site}). Valid for the next run's re-executed prefix only if
   * it re-executes the last run's, as an explorer's next schedule does; a graph is fed by one thread.
   */
  private final List<Site> sites = new ArrayList<>();

  /** Tracks the locks of the run on {@code scheduler}; call before {@link Scheduler#run}. */
  public void attach(Scheduler scheduler, String start) {
    Run run = new Run(scheduler, start);
    scheduler.attachLockDep(run);
  }

  public long runs() {
    return runs;
  }

  /** Every class seen, in order of first use. */
  public ImmutableList<String> classes() {
    return ImmutableList.copyOf(classes);
  }

  /** Whether {@code lockClass} is an event waited for (a wait queue) rather than a lock. */
  public boolean isWait(String lockClass) {
    return waits.contains(lockClass);
  }

  /** Every edge, in order of discovery. */
  public ImmutableList<Edge> edges() {
    return ImmutableList.copyOf(edges.values());
  }

  /**
   * Adds {@code other}'s edges to this graph as if its runs came after this graph's (renumbered so): an edge this graph
   * already has keeps its witnesses unless it lacks one that {@code other} has. For explorations split over threads, merged in a
   * fixed order so the result is deterministic.
   */
  public void merge(LockDep other) {
    for (Edge e : other.edges.values()) {
      Edge mine = edge(id(e.from), id(e.to));
      mine.dep |= e.dep;
      if (mine.first == null) {
        mine.first = e.first.after(runs);
      }
      if (mine.firstCompleted == null && e.firstCompleted != null) {
        mine.firstCompleted = e.firstCompleted.after(runs);
      }
      mine.depCompleted |= e.depCompleted;
    }
    other.classes.forEach(this::id);
    waits.addAll(other.waits);
    runs += other.runs;
  }

  /**
   * The graph of the runs that completed only: what lockdep reports without any run having deadlocked (or been cut
   * short by state pruning).
   */
  public LockDep completedRuns() {
    LockDep out = new LockDep();
    classes.forEach(out::id);
    out.waits.addAll(waits);
    for (Edge e : edges.values()) {
      if (e.depCompleted != 0) {
        Edge c = out.edge(out.id(e.from), out.id(e.to));
        c.dep = e.depCompleted;
        c.depCompleted = e.depCompleted;
        c.first = e.firstCompleted;
        c.firstCompleted = e.firstCompleted;
      }
    }
    out.runs = runs;
    return out;
  }

  private int id(String lockClass) {
    Integer id = ids.get(lockClass);
    if (id == null) {
      id = classes.size();
      ids.put(lockClass, id);
      classes.add(lockClass);
    }
    return id;
  }

  private static long key(int from, int to) {
    return (long) from << 32 | to;
  }

  private Edge edge(int from, int to) {
    return edges.computeIfAbsent(key(from, to), k -> new Edge(classes.get(from), classes.get(to)));
  }

  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  /** Frames kept of a site where a new dependency is made; a held lock keeps its innermost one. */
  private static final int SITE_FRAMES = 4;
  /** Classes whose frames are not call sites: the runtime's own (not tests in its package) and the JDK's. */
  private static final ClassValue<Boolean> MACHINERY = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> c) {
      return c.getName().startsWith("java.") || c.getPackageName().equals(LockDep.class.getPackageName())
          && c.getProtectionDomain().getCodeSource() == LockDep.class.getProtectionDomain().getCodeSource();
    }
  };

  /**
   * The model's innermost {@code frames} frames above the runtime, as kernel function names ({@code fuseIomapBegin} ->
   * fuse_iomap_begin).
   */
  static Site callSite(int frames) {
    return new Site(WALKER.walk(s -> s
        .filter(f -> !MACHINERY.get(f.getDeclaringClass()))
        .map(f -> kernelName(f.getMethodName()))
        .distinct()
        .limit(frames)
        .collect(ImmutableList.toImmutableList())));
  }

  /** A set of (class, class, dependency bit), by class ids: no boxing on the hot path. */
  private static final class PairMasks {
    private int cap = 16;
    private int[] masks = new int[cap * cap];

    boolean has(int from, int to, int bit) {
      return from < cap && to < cap && (masks[from * cap + to] & 1 << bit) != 0;
    }

    void add(int from, int to, int bit) {
      if (from >= cap || to >= cap) {
        int grown = Math.max(cap * 2, Math.max(from, to) + 1);
        int[] copy = new int[grown * grown];
        for (int f = 0; f < cap; f++) {
          System.arraycopy(masks, f * cap, copy, f * grown, cap);
        }
        cap = grown;
        masks = copy;
      }
      masks[from * cap + to] |= 1 << bit;
    }
  }

  /** {@code lambda$fuseIomapBegin$3} and {@code fuseIomapBegin} are both fuse_iomap_begin. */
  static String kernelName(String method) {
    String m = method;
    if (m.startsWith("lambda$")) {
      int end = m.indexOf('$', "lambda$".length());
      m = m.substring("lambda$".length(), end < 0 ? m.length() : end);
    }
    StringBuilder out = new StringBuilder(m.length() + 8);
    for (int i = 0; i < m.length(); i++) {
      char c = m.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A lock a task holds: its instance, class, mode, whether trylocked, and where it was taken. */
  private record Held(Object instance, int lockClass, Mode mode, boolean trylock, Site site) {}

  /** An edge fact found in a run, kept until the run ends (then merged with the run's outcome). */
  private record Found(int from, int to, int depBit, int step, String task, Site fromSite, Site toSite) {}

  /**
   * The lock tracking of one run: each task's held locks, the run's schedule so far, and what it found that the graph
   * does not know yet. Called by the primitives from their task's thread (one runs at a time).
   */
  final class Run {
    private final Scheduler scheduler;
    private final String start;
    private final Map<String, List<Held>> held = new HashMap<>();
    /** The run's steps so far: who took each and its label (entries are built only if the run found something). */
    private final List<String> stepTasks = new ArrayList<>();
    private final List<String> stepLabels = new ArrayList<>();
    private final PairMasks noted = new PairMasks();
    private final List<Found> found = new ArrayList<>();

    Run(Scheduler scheduler, String start) {
      this.scheduler = scheduler;
      this.start = start;
      scheduler.addListener((step, task, label) -> {
        stepTasks.add(task);
        stepLabels.add(label);
      });
    }

    /** The number of sites this run asked for so far: the index of the next in {@link #sites}. */
    private int sitesAsked;

    /**
     * {@link #callSite}, or, while the run re-executes a prefix its explorer ran before ({@link Scheduler#repeats}),
     * the site the same call had then: the prefix makes the same calls in the same order, and walking the stack for
     * each is most of lockdep's cost in an exhaustive exploration.
     */
    private Site site(int frames) {
      int i = sitesAsked++;
      if (i < sites.size() && scheduler.repeats(scheduler.stepCount())) {
        return sites.get(i);
      }
      Site site = callSite(frames);
      if (i < sites.size()) {
        sites.set(i, site);
      } else {
        sites.add(site);
      }
      return site;
    }

    private List<Held> heldBy(String task) {
      return held.computeIfAbsent(task, t -> new ArrayList<>(4));
    }

    /**
     * A task begins to acquire {@code instance} of {@code lockClass} (before it may block): the dependencies on the
     * locks it holds, then the lock is held. A trylock adds no dependency and is held only if it succeeded.
     */
    void acquire(Object instance, String lockClass, Mode mode) {
      String task = scheduler.currentTask();
      Site site = site(1);
      int next = id(lockClass);
      List<Held> mine = heldBy(task);
      validate(task, mine, next, mode);
      mine.add(new Held(instance, next, mode, false, site));
    }

    /**
     * check_deadlock, then check_prevs_add: a class already held gives a self-edge (lockdep's "possible recursive
     * locking"), except a recursive read of a class held shared, which adds no dependency at all.
     */
    private void validate(String task, List<Held> mine, int next, Mode mode) {
      for (Held h : mine) {
        if (h.lockClass == next) {
          if (mode == Mode.RECURSIVE_READ && h.mode.shared()) {
            return;
          }
          note(task, next, next, depBit(h.mode, mode), h.site, true);
        }
      }
      addPrevs(task, mine, next, mode);
    }

    void acquired(Object instance, String lockClass, Mode mode) {
      heldBy(scheduler.currentTask()).add(new Held(instance, id(lockClass), mode, true, site(1)));
    }

    void release(Object instance) {
      List<Held> mine = heldBy(scheduler.currentTask());
      for (int i = mine.size() - 1; i >= 0; i--) {
        if (mine.get(i).instance == instance) {
          mine.remove(i);
          return;
        }
      }
    }

    /** The task sleeps until an event of {@code waitClass}. */
    void sleep(String waitClass) {
      String task = scheduler.currentTask();
      waits.add(waitClass);
      validate(task, heldBy(task), id(waitClass), Mode.WRITE);
    }

    /** The task waits until a lock of {@code lockClass} is free, without taking it: an acquisition and release. */
    void awaitUnlocked(String lockClass) {
      String task = scheduler.currentTask();
      validate(task, heldBy(task), id(lockClass), Mode.WRITE);
    }

    /**
     * The acting task wakes the sleepers of {@code waitClass}: the event depends on every lock it holds. A deferred
     * action (an agent's, an RCU callback) holds no lock.
     */
    void wake(String waitClass) {
      String task = scheduler.actingTask();
      List<Held> mine = task == null ? List.of() : heldBy(task);
      if (mine.isEmpty()) {
        return;
      }
      waits.add(waitClass);
      int from = id(waitClass);
      for (Held h : mine) {
        if (!h.trylock) {
          note(task, from, h.lockClass, depBit(Mode.WRITE, h.mode), h.site, false);
        }
      }
    }

    /** check_prevs_add: the most recent held lock and the trylocked ones above it. */
    private void addPrevs(String task, List<Held> mine, int next, Mode mode) {
      for (int i = mine.size() - 1; i >= 0; i--) {
        Held prev = mine.get(i);
        note(task, prev.lockClass, next, depBit(prev.mode, mode), prev.site, true);
        if (!prev.trylock) {
          return;
        }
      }
    }

    /**
     * A dependency the graph may not know: kept with the sites, the held lock's and the current stack's (walked only
     * now, for a dependency not seen before).
     */
    private void note(String task, int from, int to, int bit, Site held, boolean heldIsFrom) {
      if (settled.has(from, to, bit) || noted.has(from, to, bit)) {
        return;
      }
      noted.add(from, to, bit);
      Site current = site(SITE_FRAMES);
      // the step that makes the edge is the next one (the task announces it after its last step)
      found.add(new Found(from, to, bit, stepTasks.size() + 1, task, heldIsFrom ? held : current,
          heldIsFrom ? current : held));
    }

    /** Replay entries of the run's steps; a merged step is replayed by its first operation's label. */
    private ImmutableList<String> schedule() {
      ImmutableList.Builder<String> out = ImmutableList.builderWithExpectedSize(stepTasks.size());
      for (int i = 0; i < stepTasks.size(); i++) {
        String label = stepLabels.get(i);
        int plus = label.indexOf(" + ");
        out.add(stepTasks.get(i) + ":" + (plus < 0 ? label : label.substring(0, plus)));
      }
      return out.build();
    }

    /** The run is over: what it found joins the graph, with the run as witness. */
    void end(Outcome outcome) {
      long number = ++runs;
      boolean completed = outcome instanceof Outcome.Completed;
      ImmutableList<String> entries = found.isEmpty() ? ImmutableList.of() : schedule();
      for (Found x : found) {
        Edge e = edge(x.from, x.to);
        e.addKind(x.depBit);
        Witness w = new Witness(number, start, entries, x.step, x.task, x.fromSite, x.toSite, completed);
        if (e.first == null) {
          e.first = w;
        }
        if (completed) {
          if (e.firstCompleted == null) {
            e.firstCompleted = w;
          }
          e.depCompleted |= 1 << x.depBit;
          settled.add(x.from, x.to, x.depBit);
        }
      }
    }
  }

  /** {@code __calc_dep_bit}: bit0 is prev->read == 0, bit1 is next->read != 2. */
  static int depBit(Mode prev, Mode next) {
    return (prev == Mode.WRITE ? 1 : 0) + (next != Mode.RECURSIVE_READ ? 2 : 0);
  }
}

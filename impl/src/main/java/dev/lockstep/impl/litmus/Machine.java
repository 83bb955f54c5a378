package dev.lockstep.impl.litmus;

import dev.lockstep.impl.litmus.Op.Kind;
import dev.lockstep.impl.runtime.Ordering;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The operational machine a litmus test runs on, under one {@link MemoryModel}; see the
 * package documentation for what the weak model does and where it departs from the LKMM.
 *
 * <p>A state holds, per thread, which operations have been performed and their results; per
 * location, the coherence order of the writes committed so far (the initial value first); per
 * thread and location, the thread's <em>view</em>: the coherence position of the newest write that
 * has reached it. A step is one operation performed by a thread, or (weak model) one write
 * reaching one more thread. Operations that neither access memory nor depend on timing (register
 * assignments, barriers, the end of an RCU read-side critical section, grace-period bookkeeping)
 * are performed as soon as they are enabled, in the same step as what enabled them: performing
 * them later only delays the operations they order, so no outcome is lost (the barriers' enabling
 * conditions only get stronger as a thread sees more writes).
 */
final class Machine {
  private final LitmusTest test;
  private final MemoryModel model;
  private final int threads;
  private final int locs;
  /** Index of thread t's first write id; write ids number the writing operations of all threads. */
  private final int[] writeBase;
  private final int writes;
  private final int[] writeThread;
  private final int[] writeOp;

  Machine(LitmusTest test, MemoryModel model) {
    this.test = test;
    this.model = model;
    this.threads = test.threads().size();
    this.locs = test.locations().size();
    this.writeBase = new int[threads + 1];
    for (int t = 0; t < threads; t++) {
      writeBase[t + 1] = writeBase[t] + test.threads().get(t).ops().size();
    }
    this.writes = writeBase[threads];
    this.writeThread = new int[writes];
    this.writeOp = new int[writes];
    for (int t = 0; t < threads; t++) {
      for (int k = 0; k < test.threads().get(t).ops().size(); k++) {
        writeThread[writeBase[t] + k] = t;
        writeOp[writeBase[t] + k] = k;
      }
    }
  }

  /** A step: rows (thread, text) for the witness, and the state after it. */
  record Step(List<Row> rows, State next) {}

  State initial() {
    State s = new State(threads, locs, writes);
    for (int t = 0; t < threads; t++) {
      Arrays.fill(s.gpWait[t], -1);
    }
    Arrays.fill(s.coIndex, -1);
    List<Row> rows = new ArrayList<>();
    settle(s, rows);
    return s;
  }

  boolean finished(State s) {
    for (int t = 0; t < threads; t++) {
      if (Long.bitCount(s.done[t]) != ops(t).size()) {
        return false;
      }
    }
    return true;
  }

  /** Every step enabled in {@code s}, each followed by the silent operations it enables. */
  List<Step> successors(State s) {
    List<Step> steps = new ArrayList<>();
    if (finished(s)) {
      return steps; // writes still reaching threads change no final value
    }
    for (int t = 0; t < threads; t++) {
      List<Op> ops = ops(t);
      for (int j = 0; j < ops.size(); j++) {
        if (isDone(s, t, j) || ops.get(j).isSilent() || enabled(s, t, j) != Enabled.YES) {
          continue;
        }
        State n = s.copy();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(t, perform(n, t, j)));
        settle(n, rows);
        steps.add(new Step(rows, n));
        if (model == MemoryModel.SC) {
          break;
        }
      }
    }
    if (model == MemoryModel.LKMM) {
      predictions(s, steps);
      propagations(s, steps);
    }
    return steps;
  }

  /**
   * A conditional atomic that fails is unordered (LKMM: a failed cmpxchg is a plain read), but
   * whether it fails is known only when it reads. So the machine may decide beforehand that it
   * will fail: from then on it orders nothing and may only perform by reading a value that makes
   * it fail (a run whose prediction cannot come true ends without a final state).
   */
  private void predictions(State s, List<Step> steps) {
    for (int t = 0; t < threads; t++) {
      List<Op> ops = ops(t);
      for (int k = 0; k < ops.size(); k++) {
        Op op = ops.get(k);
        if (isDone(s, t, k) || op.kind() != Kind.RMW || !op.rmw().conditional() || op.order() == Op.Order.NONE
            || isFailing(s, t, k)) {
          continue;
        }
        State n = s.copy();
        n.failing[t] |= 1L << k;
        if (op.order() == Op.Order.FULL) {
          // Its own smp_mb() after it (LitmusReader puts it there) does not run.
          n.done[t] |= 1L << (k + 1);
          n.skipped[t] |= 1L << (k + 1);
        }
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(t, op.label() + " will fail (unordered)"));
        settle(n, rows);
        steps.add(new Step(rows, n));
      }
    }
  }

  /** Whether a thread waits on an atomic predicted to fail that cannot fail any more. */
  boolean mispredicted(State s) {
    for (int t = 0; t < threads; t++) {
      if ((s.failing[t] & ~s.done[t]) != 0) {
        return true;
      }
    }
    return false;
  }

  private boolean isFailing(State s, int t, int k) {
    return (s.failing[t] & (1L << k)) != 0;
  }

  /** The final value of a register or location (call on a finished state). */
  long finalValue(State s, Prop.Observable o) {
    if (o.thread() < 0) {
      int[] co = s.co[o.location()];
      return writeValue(s, o.location(), co[co.length - 1]);
    }
    Long v = register(s, o.thread(), ops(o.thread()).size(), o.register());
    return v;
  }

  // ---- enabling ------------------------------------------------------------------------------

  private enum Enabled { YES, SKIP, NO }

  private Enabled enabled(State s, int t, int j) {
    Op op = ops(t).get(j);
    Boolean guard = guard(s, t, j);
    if (guard == null) {
      return Enabled.NO;
    }
    if (!guard) {
      return Enabled.SKIP;
    }
    for (int k = 0; k < j; k++) {
      if (!isDone(s, t, k) && switch (model) {
        case SC -> true;
        case LKMM -> orders(s, t, k, j);
        case RUNTIME -> runtimeOrders(s, t, k, j);
      }) {
        return Enabled.NO;
      }
    }
    if (op.address() != null && address(s, t, j) == null
        || op.value() != null && eval(s, t, j, op.value()) == null
        || op.expected() != null && eval(s, t, j, op.expected()) == null) {
      return Enabled.NO;
    }
    return switch (op.kind()) {
      case RMW -> {
        int l = address(s, t, j);
        if (isFailing(s, t, j)) {
          long old = writeValue(s, l, s.co[l][s.view[t][l]]);
          long expected = op.expected() == null ? 0 : eval(s, t, j, op.expected());
          yield op.rmw().next(old, eval(s, t, j, op.value()), expected) == null ? Enabled.YES : Enabled.NO;
        }
        boolean barrier = op.order() != Op.Order.FULL || observedEverywhere(s, t);
        yield seesLatest(s, t, l) && barrier ? Enabled.YES : Enabled.NO;
      }
      case LOCK -> {
        int l = address(s, t, j);
        int[] co = s.co[l];
        yield seesLatest(s, t, l) && writeValue(s, l, co[co.length - 1]) == 0 ? Enabled.YES : Enabled.NO;
      }
      case MB -> observedEverywhere(s, t) ? Enabled.YES : Enabled.NO;
      case GP_END -> readersDone(s, t) ? Enabled.YES : Enabled.NO;
      default -> Enabled.YES;
    };
  }

  /**
   * Whether the not yet performed operation k must be performed before the later operation j of
   * the same thread (weak model): the ordering LKMM's ppo gives, plus same-location order.
   */
  private boolean orders(State s, int t, int k, int j) {
    Op a = ops(t).get(k);
    Op b = ops(t).get(j);
    // An atomic predicted to fail is a plain read (see predictions).
    boolean aFails = isFailing(s, t, k);
    boolean bFails = isFailing(s, t, j);
    // a orders everything after it.
    switch (a.kind()) {
      case MB, GP_START, GP_END, LOCK, RCU_LOCK:
        return true;
      case RMB:
        if (b.isRead() || b.kind() == Kind.RMB) {
          return true;
        }
        break;
      case WMB:
        if (b.isWrite() || b.kind() == Kind.WMB) {
          return true;
        }
        break;
      default:
        if (a.isAcquire() && !aFails) {
          return true;
        }
    }
    // b waits for everything before it.
    switch (b.kind()) {
      case MB, GP_START, GP_END, RCU_UNLOCK:
        return true;
      case RMB:
        if (a.isRead()) {
          return true;
        }
        break;
      case WMB:
        // smp_wmb() records the earlier stores it orders; it needs to know which run.
        if (a.isWrite() && guard(s, t, k) == null) {
          return true;
        }
        break;
      case LOCK:
        if (a.kind() == Kind.UNLOCK) {
          return true;
        }
        break;
      case RMW:
        if (b.order() == Op.Order.FULL && !bFails) {
          return true; // its smp_mb() before
        }
        break;
      default:
        break;
    }
    if (b.isRelease() && !bFails) {
      // A release is ordered after earlier stores by propagation (they must reach a thread
      // before it does), not by performing after them; it must know which of them run.
      if (a.kind() != Kind.STORE || guard(s, t, k) == null) {
        return true;
      }
    }
    if (a.isAccess() && b.isAccess()) {
      Integer la = address(s, t, k);
      Integer lb = address(s, t, j);
      return la == null || lb == null || la.equals(lb);
    }
    return false;
  }

  /**
   * The runtime's rule (see {@link MemoryModel#RUNTIME}): operations are issued in program order;
   * an issued plain access, release store or unlock stays in flight, in order with the task's
   * other in-flight ones, and a later operation may perform while one is in flight exactly when
   * the runtime's scheduler lets an operation of its {@link Ordering} overtake it under {@link
   * dev.lockstep.impl.runtime.MemoryModel#LKMM_SUBSET} (the rule is the scheduler's own), and it
   * does not access the same location (the runtime leaves coherence to the model that issues the
   * access; here the machine keeps it).
   */
  private boolean runtimeOrders(State s, int t, int k, int j) {
    Op earlier = ops(t).get(k);
    Op later = ops(t).get(j);
    boolean release = runtimeBufferedRelease(earlier);
    if (!release && !runtimePlain(earlier) || runtimePlain(later) || runtimeBufferedRelease(later)) {
      return true;
    }
    if (earlier.address() != null && later.address() != null) {
      Integer a = address(s, t, k);
      Integer b = address(s, t, j);
      if (a == null || a.equals(b)) {
        return true;
      }
    }
    return dev.lockstep.impl.runtime.MemoryModel.LKMM_SUBSET.waitsForInFlight(
        runtimeOrdering(later), release);
  }

  /**
   * A release store or unlock: what a model may leave in flight with {@link
   * dev.lockstep.impl.runtime.Scheduler#bufferRelease}.
   */
  private static boolean runtimeBufferedRelease(Op op) {
    return op.kind() == Kind.UNLOCK || op.kind() == Kind.STORE && op.order() == Op.Order.RELEASE;
  }

  /**
   * The ordering the runtime's primitives give an operation: the runtime has no smp_rmb or
   * smp_wmb, so they count as full; rcu_read_unlock is a release, rcu_read_lock relaxed.
   */
  private static Ordering runtimeOrdering(Op op) {
    return switch (op.kind()) {
      case MB, RMB, WMB, GP_START, GP_END -> Ordering.FULL;
      case UNLOCK, RCU_UNLOCK -> Ordering.RELEASE;
      case LOCK -> Ordering.ACQUIRE;
      case ASSIGN, RCU_LOCK -> Ordering.RELAXED;
      case LOAD, STORE, RMW ->
          switch (op.order()) {
            case RELEASE -> Ordering.RELEASE;
            case FULL -> Ordering.FULL;
            case ACQUIRE -> Ordering.ACQUIRE;
            case NONE, ONCE, RELAXED -> Ordering.RELAXED;
          };
    };
  }

  /** A READ_ONCE or WRITE_ONCE: the litmus counterpart of the runtime's plain access. */
  private static boolean runtimePlain(Op op) {
    return (op.kind() == Kind.LOAD || op.kind() == Kind.STORE) && op.order() == Op.Order.ONCE;
  }

  private boolean seesLatest(State s, int t, int l) {
    return s.view[t][l] == s.co[l].length - 1;
  }

  /** smp_mb(): every write this thread has seen has reached every thread. */
  private boolean observedEverywhere(State s, int t) {
    if (model != MemoryModel.LKMM) {
      return true;
    }
    for (int l = 0; l < locs; l++) {
      for (int d = 0; d < threads; d++) {
        if (s.view[d][l] < s.view[t][l]) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The grace period has ended: every reader inside a critical section when it began has left it,
   * and for every other thread what it had seen and written when it last left a critical section
   * (for those inside: when they left it) has reached every thread. This stands for the memory
   * barriers of each CPU's quiescent state (LKMM: an rcu-fence orders like a strong fence).
   */
  private boolean readersDone(State s, int t) {
    for (int d = 0; d < threads; d++) {
      if (d == t) {
        continue;
      }
      int[] exitView = s.gpWait[t][d] >= 0 ? s.rcuExitView[d] : s.gpExitView[t][d];
      if (s.gpWait[t][d] >= 0 && s.rcuEpoch[d] <= s.gpWait[t][d]) {
        return false;
      }
      for (int e = 0; e < threads; e++) {
        for (int l = 0; l < locs; l++) {
          if (s.view[e][l] < exitView[l]) {
            return false;
          }
        }
      }
    }
    return true;
  }

  // ---- performing ----------------------------------------------------------------------------

  /** Performs silent operations (and skips operations whose branch is not taken) until none is left. */
  private void settle(State s, List<Row> rows) {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int t = 0; t < threads; t++) {
        List<Op> ops = ops(t);
        for (int j = 0; j < ops.size(); j++) {
          if (isDone(s, t, j)) {
            continue;
          }
          Op op = ops.get(j);
          Enabled e;
          if (op.isSilent()) {
            e = enabled(s, t, j);
          } else {
            // Only a branch not taken makes a non-silent operation performable here.
            e = !op.guard().isEmpty() && Boolean.FALSE.equals(guard(s, t, j)) ? Enabled.SKIP : Enabled.NO;
          }
          if (e == Enabled.SKIP) {
            s.done[t] |= 1L << j;
            s.skipped[t] |= 1L << j;
            progress = true;
          } else if (e == Enabled.YES) {
            String text = perform(s, t, j);
            if (op.kind() != Kind.ASSIGN) {
              rows.add(new Row(t, text));
            }
            progress = true;
          }
          if (model == MemoryModel.SC && !isDone(s, t, j)) {
            break;
          }
        }
      }
    }
  }

  /** Performs operation j of thread t in s; returns its witness text. */
  private String perform(State s, int t, int j) {
    Op op = ops(t).get(j);
    s.done[t] |= 1L << j;
    int id = writeBase[t] + j;
    switch (op.kind()) {
      case LOAD -> {
        int l = address(s, t, j);
        long v = writeValue(s, l, s.co[l][s.view[t][l]]);
        s.values[t][j] = v;
        return op.label() + " = " + render(v);
      }
      case STORE -> {
        int l = address(s, t, j);
        long v = eval(s, t, j, op.value());
        commit(s, t, j, l, v);
        return op.label();
      }
      case RMW -> {
        int l = address(s, t, j);
        int[] co = s.co[l];
        long old = writeValue(s, l, isFailing(s, t, j) ? co[s.view[t][l]] : co[co.length - 1]);
        long operand = eval(s, t, j, op.value());
        long expected = op.expected() == null ? 0 : eval(s, t, j, op.expected());
        Long next = op.rmw().next(old, operand, expected);
        long result = op.rmw().result(old, operand, expected);
        s.values[t][j] = result;
        if (next != null) {
          commit(s, t, j, l, next);
        }
        return op.label() + (op.register() != null ? " = " + render(result) : "")
            + (next == null ? " (no write)" : "");
      }
      case LOCK -> {
        int l = address(s, t, j);
        int[] co = s.co[l];
        int unlock = co[co.length - 1];
        // LKMM's po-unlock-lock-po: what the releasing critical section ordered (and this
        // thread's own earlier unlocks) propagates before this thread's later writes.
        TreeSet<Integer> refs = refsOf(s.lockRefs[t]);
        if (unlock >= 0) {
          refs.add(unlock);
          addAll(refs, s.req[unlock]);
        }
        addAll(refs, s.unlockRefs[t]);
        s.lockRefs[t] = toArray(refs);
        commit(s, t, j, l, 1);
        return op.label();
      }
      case UNLOCK -> {
        int l = address(s, t, j);
        commit(s, t, j, l, 0);
        TreeSet<Integer> refs = refsOf(s.req[id]);
        refs.add(id);
        s.unlockRefs[t] = toArray(refs);
        return op.label();
      }
      case ASSIGN -> {
        s.values[t][j] = eval(s, t, j, op.value());
        return op.label();
      }
      case WMB -> {
        TreeSet<Integer> refs = refsOf(s.wmbRefs[t]);
        refs.addAll(ownEarlierWrites(s, t, j));
        s.wmbRefs[t] = toArray(refs);
        return op.label();
      }
      case RCU_LOCK -> {
        s.rcuDepth[t]++;
        return op.label();
      }
      case RCU_UNLOCK -> {
        if (s.rcuDepth[t] > 0 && --s.rcuDepth[t] == 0) {
          s.rcuEpoch[t]++;
          s.rcuExitView[t] = s.view[t].clone();
        }
        return op.label();
      }
      case GP_START -> {
        for (int d = 0; d < threads; d++) {
          s.gpWait[t][d] = d != t && s.rcuDepth[d] > 0 ? s.rcuEpoch[d] : -1;
          s.gpExitView[t][d] = s.rcuExitView[d];
        }
        return op.label();
      }
      default -> {
        return op.label();
      }
    }
  }

  /**
   * Appends write j of thread t to location l's coherence order. The write records which writes
   * must reach a thread before it may (see the package documentation).
   */
  private void commit(State s, int t, int j, int l, long value) {
    Op op = ops(t).get(j);
    int id = writeBase[t] + j;
    TreeSet<Integer> refs = refsOf(s.wmbRefs[t]);
    addAll(refs, s.lockRefs[t]);
    if (op.isRelease()) {
      refs.addAll(ownEarlierWrites(s, t, j));
      for (int m = 0; m < locs; m++) {
        int seen = s.co[m][s.view[t][m]];
        if (seen >= 0) {
          refs.add(seen);
          addAll(refs, s.req[seen]);
        }
      }
    }
    // Not this write itself nor this thread's later writes (which may have committed first, being
    // unordered with it): a write waiting for them while they wait for it would never propagate.
    refs.removeIf(r -> writeThread[r] == t && writeOp[r] >= j);
    s.req[id] = toArray(refs);
    s.writeValues[id] = value;
    int[] co = Arrays.copyOf(s.co[l], s.co[l].length + 1);
    co[co.length - 1] = id;
    s.co[l] = co;
    s.coIndex[id] = co.length - 1;
    if (model != MemoryModel.LKMM) {
      for (int d = 0; d < threads; d++) {
        s.view[d][l] = co.length - 1;
      }
    } else {
      s.view[t][l] = co.length - 1;
    }
  }

  private List<Integer> ownEarlierWrites(State s, int t, int j) {
    List<Integer> ids = new ArrayList<>();
    for (int k = 0; k < j; k++) {
      if (ops(t).get(k).isWrite() && (s.skipped[t] & (1L << k)) == 0) {
        ids.add(writeBase[t] + k);
      }
    }
    return ids;
  }

  /** Weak model: each committed write may reach each thread that has not seen it or a newer one. */
  private void propagations(State s, List<Step> steps) {
    for (int l = 0; l < locs; l++) {
      int[] co = s.co[l];
      for (int d = 0; d < threads; d++) {
        for (int i = s.view[d][l] + 1; i < co.length; i++) {
          int w = co[i];
          if (!reqsReached(s, w, d)) {
            continue;
          }
          State n = s.copy();
          n.view[d][l] = i;
          List<Row> rows = new ArrayList<>();
          rows.add(new Row(d, "sees " + test.locations().get(l) + "=" + render(writeValue(s, l, w))
              + " (" + test.threads().get(writeThread[w]).name() + ")"));
          settle(n, rows);
          steps.add(new Step(rows, n));
        }
      }
    }
  }

  private boolean reqsReached(State s, int w, int d) {
    for (int r : s.req[w]) {
      if (s.coIndex[r] < 0) {
        return false;
      }
      int l = address(s, writeThread[r], writeOp[r]);
      if (s.view[d][l] < s.coIndex[r]) {
        return false;
      }
    }
    return true;
  }

  // ---- values --------------------------------------------------------------------------------

  private List<Op> ops(int t) {
    return test.threads().get(t).ops();
  }

  private boolean isDone(State s, int t, int j) {
    return (s.done[t] & (1L << j)) != 0;
  }

  private long writeValue(State s, int l, int id) {
    return id < 0 ? test.initialMemory().get(l) : s.writeValues[id];
  }

  /** The guard of op j: true, false, or null while a register it reads is unknown. */
  private Boolean guard(State s, int t, int j) {
    for (Op.Guard g : ops(t).get(j).guard()) {
      Long v = eval(s, t, j, g.condition());
      if (v == null) {
        return null;
      }
      if ((v != 0) != g.taken()) {
        return false;
      }
    }
    return true;
  }

  private Integer address(State s, int t, int j) {
    Long v = eval(s, t, j, ops(t).get(j).address());
    if (v == null) {
      return null;
    }
    if (!Values.isLocation(v)) {
      throw new IllegalStateException(test.threads().get(t).name() + ": " + ops(t).get(j).label()
          + " dereferences " + v + ", which is not a pointer");
    }
    return Values.locationIndex(v);
  }

  private Long eval(State s, int t, int j, Expr e) {
    return e.eval(r -> register(s, t, j, r));
  }

  /** Register r as operation j of thread t reads it: the latest earlier assignment that ran. */
  private Long register(State s, int t, int j, String r) {
    List<Op> ops = ops(t);
    for (int k = j - 1; k >= 0; k--) {
      if (r.equals(ops.get(k).register())) {
        if (!isDone(s, t, k)) {
          return null;
        }
        if ((s.skipped[t] & (1L << k)) == 0) {
          return s.values[t][k];
        }
      }
    }
    return test.threads().get(t).initialRegisters().getOrDefault(r, 0L);
  }

  private String render(long v) {
    return Values.render(v, test.locations());
  }

  private static TreeSet<Integer> refsOf(int[] refs) {
    TreeSet<Integer> set = new TreeSet<>();
    addAll(set, refs);
    return set;
  }

  private static void addAll(TreeSet<Integer> set, int[] refs) {
    for (int r : refs) {
      set.add(r);
    }
  }

  private static int[] toArray(TreeSet<Integer> set) {
    return set.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A machine state; {@link #key()} identifies it for the explorer's visited set. */
  static final class State {
    final long[] done;
    final long[] skipped;
    /** Conditional atomics predicted to fail. */
    final long[] failing;
    final long[][] values;
    final int[][] co;
    final int[] coIndex;
    final int[][] req;
    final long[] writeValues;
    final int[][] view;
    final int[][] wmbRefs;
    final int[][] lockRefs;
    final int[][] unlockRefs;
    final int[] rcuDepth;
    final int[] rcuEpoch;
    /** Per thread, its view when it last left an RCU read-side critical section. */
    final int[][] rcuExitView;
    final int[][] gpWait;
    /** Per grace-period caller and thread, that thread's rcuExitView when the grace period began. */
    final int[][][] gpExitView;

    State(int threads, int locs, int writes) {
      done = new long[threads];
      skipped = new long[threads];
      failing = new long[threads];
      values = new long[threads][LitmusReader.MAX_OPS];
      co = new int[locs][];
      for (int l = 0; l < locs; l++) {
        co[l] = new int[] {-1 - l};
      }
      coIndex = new int[writes];
      req = new int[writes][];
      writeValues = new long[writes];
      view = new int[threads][locs];
      wmbRefs = new int[threads][0];
      lockRefs = new int[threads][0];
      unlockRefs = new int[threads][0];
      rcuDepth = new int[threads];
      rcuEpoch = new int[threads];
      rcuExitView = new int[threads][locs];
      gpWait = new int[threads][threads];
      gpExitView = new int[threads][threads][locs];
    }

    private State(State o) {
      done = o.done.clone();
      skipped = o.skipped.clone();
      failing = o.failing.clone();
      values = deep(o.values);
      co = o.co.clone();
      coIndex = o.coIndex.clone();
      req = o.req.clone();
      writeValues = o.writeValues.clone();
      view = deep(o.view);
      wmbRefs = o.wmbRefs.clone();
      lockRefs = o.lockRefs.clone();
      unlockRefs = o.unlockRefs.clone();
      rcuDepth = o.rcuDepth.clone();
      rcuEpoch = o.rcuEpoch.clone();
      rcuExitView = o.rcuExitView.clone();
      gpWait = deep(o.gpWait);
      gpExitView = new int[o.gpExitView.length][][];
      for (int t = 0; t < gpExitView.length; t++) {
        gpExitView[t] = o.gpExitView[t].clone();
      }
    }

    State copy() {
      return new State(this);
    }

    private static long[][] deep(long[][] a) {
      long[][] c = new long[a.length][];
      for (int i = 0; i < a.length; i++) {
        c[i] = a[i].clone();
      }
      return c;
    }

    private static int[][] deep(int[][] a) {
      int[][] c = new int[a.length][];
      for (int i = 0; i < a.length; i++) {
        c[i] = a[i].clone();
      }
      return c;
    }

    /** Everything that decides the state's future, flattened. */
    Key key() {
      KeyBuilder k = new KeyBuilder();
      for (int t = 0; t < done.length; t++) {
        k.add(done[t]);
        k.add(skipped[t]);
        k.add(failing[t]);
        for (int j = 0; j < 64; j++) {
          if ((done[t] & (1L << j)) != 0) {
            k.add(values[t][j]);
          }
        }
        k.add(view[t]);
        k.add(wmbRefs[t]);
        k.add(lockRefs[t]);
        k.add(unlockRefs[t]);
        k.add(rcuDepth[t]);
        k.add(rcuEpoch[t]);
        k.add(rcuExitView[t]);
        k.add(gpWait[t]);
        for (int[] v : gpExitView[t]) {
          k.add(v);
        }
      }
      for (int[] c : co) {
        k.add(c.length);
        for (int id : c) {
          k.add(id);
          if (id >= 0) {
            k.add(writeValues[id]);
            k.add(req[id]);
          }
        }
      }
      return new Key(k.build());
    }
  }

  private static final class KeyBuilder {
    private long[] a = new long[64];
    private int n;

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    void add(int[] values) {
      add(values.length);
      for (int v : values) {
        add(v);
      }
    }

    long[] build() {
      return Arrays.copyOf(a, n);
    }
  }

  /** A flattened state, compared by content. */
  record Key(long[] content) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(content, k.content);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(content);
    }

    @Override
    public String toString() {
      return Arrays.toString(content);
    }
  }
}

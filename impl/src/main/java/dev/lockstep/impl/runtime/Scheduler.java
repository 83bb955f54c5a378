package dev.lockstep.impl.runtime;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One deterministic execution of a set of simulated tasks. Each task runs on its own platform
 * thread (taken from a pool of carrier threads that outlives runs, since starting threads is a
 * large part of a short run's cost), but a single baton is passed between them so exactly one runs
 * at a time; every
 * primitive operation is a scheduling point at which the running task announces its next
 * operation and the {@link Schedule} picks the next enabled alternative. The scheduling logic
 * runs on whichever thread holds the baton, so a step of the task that already runs costs no
 * thread switch and a switch costs one hand-off. A run's threads are kept on the CPU of the thread
 * that calls {@link #run} ({@link CpuAffinity}), where a hand-off is several times cheaper than
 * between CPUs.
 *
 * <p>Usage: create, {@link #spawn} tasks, optionally {@link #addListener}, then {@link #run} once.
 * Primitives ({@link Mutex}, {@link RwSemaphore}, ...) are created on a scheduler and may only be
 * used from its tasks. {@link #run} never hangs: it ends with a deadlock report, a step-bound
 * report or a failure, and every task's code has returned when it returns.
 */
public final class Scheduler {
  public static final long DEFAULT_STEP_BOUND = 1_000_000L;
  /** Owner name of RCU callbacks queued with {@link #defer}. */
  public static final String RCU = "rcu";

  private static final long JOIN_TIMEOUT_MILLIS = 10_000L;
  /**
   * Daemon threads that run task bodies, reused across runs, one pool per CPU with its threads
   * pinned there ({@link CpuAffinity}; key -1 where nothing is pinned): a carrier never moves
   * between CPUs, which would cost a migration per run.
   */
  private static final Map<Integer, ExecutorService> CARRIERS = new ConcurrentHashMap<>();
  /** Tasks whose code is on a carrier's stack, of every scheduler: none may outlive its run. */
  private static final Set<Task> LIVE_TASKS = ConcurrentHashMap.newKeySet();
  private static final Abort ABORT = new Abort();

  private final Schedule schedule;
  private final long stepBound;
  private final List<StepListener> listeners = new ArrayList<>();
  private final List<Task> tasks = new ArrayList<>();
  private final List<Deferred> callbacks = new ArrayList<>();
  private final ThreadLocal<Task> current = new ThreadLocal<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final List<Object> targets = new ArrayList<>();
  /** Every {@link ExclusiveLock} and {@link RwSemaphore} made on this scheduler, for {@link #locksHeldBy}. */
  private final List<Object> locks = new ArrayList<>();

  /** Lock-order tracking of this run, or null ({@link LockDep#attach}). */
  LockDep.Run lockdep;
  /** Accesses to shared variables of this run, or null ({@link SharedAccesses#attach}). */
  SharedAccesses.Run sharedAccesses;
  /** Whether a deferred action's effect runs (on whichever task thread holds the baton, not as that task). */
  private boolean performingDeferred;
  private String deferredOwner;
  /** Where the operation whose effect runs now was issued, if it was issued earlier ({@link #bufferRelease}). */
  String issuedSite;
  /** Whether the scheduler evaluates guards or notifies listeners: no task accesses memory then. */
  private boolean observing;
  private MemoryModel memoryModel = MemoryModel.LKMM_SUBSET;
  private boolean started;
  private boolean starting;
  /** Whether the step being reported to the listeners is a reordering. */
  private boolean stepReordered;
  private volatile boolean aborted;
  private long steps;
  private Outcome outcome;

  public Scheduler(Schedule schedule) {
    this(schedule, DEFAULT_STEP_BOUND);
  }

  public Scheduler(Schedule schedule, long stepBound) {
    checkArgument(stepBound > 0, "step bound must be positive: %s", stepBound);
    this.schedule = schedule;
    this.stepBound = stepBound;
  }

  /** Adds a task; tasks are offered to the schedule in spawn order. */
  public void spawn(String name, Runnable body) {
    checkState(!started, "spawn before run");
    checkArgument(!name.isEmpty() && name.indexOf(':') < 0, "bad task name '%s'", name);
    checkArgument(!name.equals(RCU), "'%s' is reserved for RCU callbacks", RCU);
    checkArgument(
        tasks.stream().noneMatch(t -> t.name.equals(name)), "duplicate task name '%s'", name);
    tasks.add(new Task(name, body));
  }

  public void addListener(StepListener listener) {
    checkState(!started, "add listeners before run");
    listeners.add(listener);
  }

  void attachLockDep(LockDep.Run run) {
    checkState(!started && lockdep == null, "attach lockdep once, before run");
    lockdep = run;
  }

  void registerLock(Object lock) {
    locks.add(lock);
  }

  /** The locks {@code task} holds, with how (exclusive, or a semaphore shared). */
  Map<Object, SharedVariable.Held> locksHeldBy(String task) {
    Map<Object, SharedVariable.Held> held = new IdentityHashMap<>();
    for (Object l : locks) {
      SharedVariable.Held how = heldBy(l, task);
      if (how != SharedVariable.Held.NO) {
        held.put(l, how);
      }
    }
    return held;
  }

  /** How {@code task} holds {@code lock}, an {@link ExclusiveLock} or a {@link RwSemaphore}. */
  static SharedVariable.Held heldBy(Object lock, String task) {
    if (lock instanceof ExclusiveLock x) {
      return x.owner().filter(task::equals).isPresent() ? SharedVariable.Held.EXCLUSIVE : SharedVariable.Held.NO;
    }
    if (lock instanceof RwSemaphore sem) {
      return sem.writer().filter(task::equals).isPresent() ? SharedVariable.Held.EXCLUSIVE
          : sem.heldShared(task) ? SharedVariable.Held.SHARED : SharedVariable.Held.NO;
    }
    return SharedVariable.Held.NO;
  }

  void attachSharedAccesses(SharedAccesses.Run run) {
    checkState(!started && sharedAccesses == null, "attach shared-access recording once, before run");
    sharedAccesses = run;
  }

  /**
   * Chooses the memory model of this run (before {@link #run}); {@link MemoryModel#LKMM_SUBSET}
   * unless set.
   */
  public void useMemoryModel(MemoryModel model) {
    checkState(!started, "choose the memory model before run");
    this.memoryModel = model;
  }

  public MemoryModel memoryModel() {
    return memoryModel;
  }

  /**
   * Whether the step being reported to the listeners took effect before plain accesses its task
   * issued earlier and has not performed yet: a reordering, which only {@link
   * MemoryModel#LKMM_SUBSET} allows. Call from a {@link StepListener}.
   */
  public boolean stepReordered() {
    return stepReordered;
  }

  /** Runs all tasks to the end under the schedule. May be called once. */
  public RunResult run() {
    checkState(!started, "a Scheduler runs once");
    started = true;
    starting = true;
    // All threads of the run on the caller's CPU: a task switch is then cheap (CpuAffinity).
    int pinned = CpuAffinity.pinnedCpu();
    boolean pinnedHere = pinned < 0;
    int cpu = pinnedHere ? CpuAffinity.runningCpu() : pinned;
    if (pinnedHere) {
      CpuAffinity.pin(cpu);
    }
    try {
      // Each task runs to its first scheduling point and then starts the next one; the last starts the schedule.
      for (Task t : tasks) {
        t.started = true;
        carriers(cpu)
            .execute(
                () -> {
                  LIVE_TASKS.add(t);
                  try {
                    taskMain(t);
                  } finally {
                    current.remove();
                    LIVE_TASKS.remove(t);
                    t.exited.countDown();
                  }
                });
      }
      if (tasks.isEmpty()) {
        starting = false;
        dispatch(null);
      } else {
        tasks.get(0).baton.release();
      }
      awaitFinished();
    } finally {
      teardown();
      if (pinnedHere) {
        CpuAffinity.unpin();
      }
    }
    if (lockdep != null) {
      lockdep.end(outcome);
    }
    return new RunResult(outcome, steps);
  }

  /** The names of the tasks, of any scheduler, whose code is still running or parked on a carrier thread. */
  static List<String> liveTasks() {
    return LIVE_TASKS.stream().map(t -> t.name).toList();
  }

  private static ExecutorService carriers(int cpu) {
    return CARRIERS.computeIfAbsent(
        cpu,
        c ->
            Executors.newCachedThreadPool(
                r -> {
                  Thread t =
                      new Thread(
                          () -> {
                            CpuAffinity.pin(c);
                            r.run();
                          },
                          c < 0 ? "lockstep carrier" : "lockstep carrier (cpu " + c + ")");
                  t.setDaemon(true);
                  return t;
                }));
  }

  // ---- operations for primitives and models --------------------------------------------------

  /** A scheduling point whose operation is always enabled; returns the effect's value. */
  public <T> T step(String label, Ordering ordering, Supplier<T> effect) {
    return await(label, ordering, null, null, effect);
  }

  /** A scheduling point whose operation is always enabled and returns nothing. */
  public void perform(String label, Ordering ordering, Runnable effect) {
    await(
        label,
        ordering,
        null,
        null,
        () -> {
          effect.run();
          return null;
        });
  }

  /**
   * A scheduling point that is enabled only while {@code guard} holds (the task is blocked
   * otherwise; {@code waitsFor} describes why, for deadlock reports). The effect runs atomically
   * with the step, on the calling task's thread; an exception from it ends the run.
   */
  public <T> T await(
      String label,
      Ordering ordering,
      BooleanSupplier guard,
      Supplier<WaitsFor> waitsFor,
      Supplier<T> effect) {
    Task self = self();
    if (self.issuing != null) {
      return issue(self, label, ordering, guard, effect);
    }
    if (self.atomicEngaged) {
      if (!waitsForInFlight(self, ordering)) {
        return runMerged(self, label, guard, effect);
      }
      self.atomicEngaged = false;
    }
    self.pending = new Pending(new Choice(self.name, label, false), ordering, guard, waitsFor, null);
    awaitTurn(self);
    T result = runEffect(self, effect);
    if (self.inAtomic) {
      self.atomicEngaged = !self.operationContinues;
    }
    self.operationContinues = false;
    return result;
  }

  /**
   * A scheduling point with a choice: the operation {@code label} can be done in each of the ways
   * {@code options} lists when the schedule looks (e.g. which queued request a server thread
   * reads). Each option is an alternative of its own, labelled {@code label(name of the option)};
   * with no option the task is blocked. Returns the option the schedule picked; the code after the
   * call up to the next scheduling point is the picked alternative's step. Not inside an engaged
   * atomic section (a choice is a scheduling point).
   */
  public <O> O choose(
      String label,
      Ordering ordering,
      Supplier<List<O>> options,
      Function<O, String> name,
      Supplier<WaitsFor> waitsFor) {
    Task self = self();
    checkState(!self.atomicEngaged && self.issuing == null,
        "%s: a choice inside an atomic section or bufferRelease", label);
    Supplier<List<Alternative>> alternatives =
        () -> {
          List<Alternative> as = new ArrayList<>();
          for (O o : options.get()) {
            Choice c = new Choice(self.name, label + "(" + name.apply(o) + ")", false);
            as.add(new Alternative(self, c, o));
          }
          return as;
        };
    self.pending =
        new Pending(new Choice(self.name, label, false), ordering, null, waitsFor, alternatives);
    awaitTurn(self);
    @SuppressWarnings("unchecked")
    O picked = (O) self.picked;
    self.picked = null;
    return picked;
  }

  /**
   * Runs {@code body} as an atomic section: from the completion of its first operation to its
   * end, all operations (and the task-local code between them) belong to that one step, whose
   * label lists them joined by " + ". This is how a model merges what its specification treats as
   * one action (a critical section that cannot block halfway, with the releases after it). Two
   * exceptions keep the section honest: an operation that must wait for the task's in-flight
   * accesses (release or full ordering) ends the merged step and becomes a scheduling point of its
   * own, after which merging resumes; an operation whose guard is false fails the run, since the
   * section would block halfway. Sections do not nest. Task-local code that runs before the
   * section's first operation still belongs to the previous step (the step ends only at the next
   * scheduling point), so state updates that belong to the section must come after its first
   * operation.
   */
  public void atomic(Runnable body) {
    Task self = self();
    checkState(!self.inAtomic, "atomic sections do not nest");
    self.inAtomic = true;
    try {
      body.run();
    } finally {
      self.inAtomic = false;
      self.atomicEngaged = false;
    }
  }

  /**
   * Called from the effect of an operation's first step when the operation is not complete yet
   * (a writer that queued on a busy rw_semaphore): the atomic section then engages only after the
   * operation's next step.
   */
  void operationContinues() {
    self().operationContinues = true;
  }

  private <T> T runMerged(Task self, String label, BooleanSupplier guard, Supplier<T> effect) {
    if (guard != null && !guard.getAsBoolean()) {
      finish(
          new Outcome.Failed(
              self.name,
              steps,
              new IllegalStateException(label + " would block inside an atomic section")));
      throw ABORT;
    }
    if (self.mergedLabel == null) {
      self.mergedLabel = new StringBuilder(self.executing.label());
    }
    self.reordering |= !self.buffer.isEmpty();
    self.mergedLabel.append(" + ").append(label);
    return runEffect(self, effect);
  }

  private <T> T runEffect(Task self, Supplier<T> effect) {
    try {
      return effect.get();
    } catch (RuntimeException | Error e) {
      finish(new Outcome.Failed(self.name, steps, e));
      throw ABORT;
    }
  }

  /**
   * Issues a plain memory access (e.g. the loads of {@code copy_to_user}). It does not yield: the
   * access is in flight until the schedule chooses to perform it, which is a step labelled
   * {@code label} of this task. In-flight accesses of a task perform in program order, and an
   * operation whose ordering {@linkplain Ordering#ordersEarlierAccesses orders earlier accesses}
   * waits until all of them have performed; under {@link MemoryModel#LKMM_SUBSET} relaxed and
   * acquire operations may overtake them, under {@link MemoryModel#SC} nothing does.
   */
  public void access(String label, Runnable effect) {
    Task self = self();
    self.buffer.addLast(new Deferred(new Choice(self.name, label, true), self, null, null, effect, false));
  }

  /**
   * Issues the operations {@code operations} makes (a release store and the unlock after it, and
   * relaxed updates before them) as one in-flight write of the task, in the way {@link #access}
   * issues a plain access: it does not yield, and it performs as a step of its own, labelled with
   * the operations' labels joined by " + ", after the task's earlier in-flight accesses, when the
   * schedule chooses. This is the store buffer of the LKMM's {@code po-rel}: a release orders what
   * precedes it, not what follows, so under {@link MemoryModel#LKMM_SUBSET} a later relaxed
   * operation of the task may take effect before the write reaches memory. Later acquire
   * operations wait for it (stronger than the LKMM, which orders a release before a later acquire
   * only where a spin_lock follows a spin_unlock), as do release and fully ordered ones. {@code
   * whenPerformed} runs at the end of the performing step (the model's own bookkeeping, such as
   * the task's spec {@code pc}). The operations must be relaxed or release ones that never block
   * and whose results the caller does not use; the task must not access what they write before
   * they perform, since the scheduler does not track locations (coherence is the caller's part).
   * Not inside an atomic section.
   */
  public void bufferRelease(Runnable operations, Runnable whenPerformed) {
    Task self = self();
    checkState(!self.inAtomic && self.issuing == null,
        "bufferRelease inside an atomic section or bufferRelease");
    List<Runnable> effects = new ArrayList<>();
    StringJoiner label = new StringJoiner(" + ");
    self.issuing = (l, effect) -> {
      label.add(l);
      // shared accesses are named by where the operation was issued, not by the stack that performs it
      String site = sharedAccesses == null ? null : sharedAccesses.site();
      effects.add(() -> {
        issuedSite = site;
        try {
          effect.get();
        } finally {
          issuedSite = null;
        }
      });
    };
    try {
      operations.run();
    } finally {
      self.issuing = null;
    }
    checkState(!effects.isEmpty(), "bufferRelease issued no operation");
    Runnable perform = () -> {
      effects.forEach(Runnable::run);
      whenPerformed.run();
    };
    self.buffer.addLast(
        new Deferred(new Choice(self.name, label.toString(), true), self, null, null, perform, true));
  }

  private <T> T issue(Task self, String label, Ordering ordering, BooleanSupplier guard, Supplier<T> effect) {
    checkState(guard == null, "%s may block: not issued by bufferRelease", label);
    checkState(ordering == Ordering.RELAXED || ordering == Ordering.RELEASE,
        "%s is %s: bufferRelease issues relaxed and release operations only", label, ordering);
    self.issuing.accept(label, effect);
    return null;
  }

  /** Whether {@code t}'s next operation, with {@code ordering}, must wait for its in-flight accesses. */
  private boolean waitsForInFlight(Task t, Ordering ordering) {
    if (t.buffer.isEmpty()) {
      return false;
    }
    boolean release = false;
    for (Deferred d : t.buffer) {
      release |= d.release;
    }
    return memoryModel.waitsForInFlight(ordering, release);
  }

  /**
   * Queues an action owned by {@link #RCU} that the schedule may perform at any step once
   * {@code guard} holds (an RCU callback after its grace period). The run completes only after
   * it has been performed. Call from within an effect.
   */
  public void defer(
      String label, BooleanSupplier guard, Supplier<WaitsFor> waitsFor, Runnable effect) {
    defer(RCU, label, guard, waitsFor, effect);
  }

  /**
   * Queues an action of {@code owner}, an agent outside the tasks (RCU, a FUSE server answering
   * requests), that the schedule may perform at any step once {@code guard} holds. The owner's
   * queued actions are separate alternatives, so they may be performed in any order. The run
   * completes only after every queued action has been performed. Call from within an effect.
   *
   * @throws IllegalArgumentException if {@code owner} is a task's name
   */
  public void defer(
      String owner,
      String label,
      BooleanSupplier guard,
      Supplier<WaitsFor> waitsFor,
      Runnable effect) {
    checkArgument(
        tasks.stream().noneMatch(t -> t.name.equals(owner)), "'%s' is a task, not an agent", owner);
    callbacks.add(new Deferred(new Choice(owner, label, true), null, guard, waitsFor, effect, false));
  }

  /** See {@link Schedule#repeats}. */
  public boolean repeats(long step) {
    return schedule.repeats(step);
  }

  /** Steps taken so far; observers use it to tell whether the state may have changed. */
  public long stepCount() {
    return steps;
  }

  /** The task whose code runs now, or null while a deferred action's effect runs. */
  String actingTask() {
    if (performingDeferred) {
      return null;
    }
    Task t = current.get();
    return t == null ? null : t.name;
  }

  /**
   * Whether an access to a {@link SharedVariable} now is one to check and record: made by a task's code or an agent's
   * deferred action, not by the scheduler evaluating a guard or a listener observing, nor outside the run.
   */
  boolean checksSharedAccesses() {
    return !observing && (performingDeferred || current.get() != null);
  }

  /** The task whose code runs now, or the agent whose deferred action does. */
  String actor() {
    return performingDeferred ? deferredOwner : self().name;
  }

  /** Name of the calling task. */
  public String currentTask() {
    return self().name;
  }

  /**
   * The scheduler's own part of the state, for state-hash pruning: per task its pending label
   * (or "done") and in-flight accesses, then queued callbacks. Call between steps.
   */
  public ImmutableList<String> controlState() {
    ImmutableList.Builder<String> b = ImmutableList.builder();
    for (Task t : tasks) {
      StringBuilder s = new StringBuilder(t.name).append('|');
      s.append(t.done ? "done" : t.pending == null ? "running" : t.pending.choice.label());
      for (Deferred d : t.buffer) {
        s.append('|').append(d.choice.label());
      }
      b.add(s.toString());
    }
    callbacks.forEach(d -> b.add(d.choice.task() + "|" + d.choice.label()));
    return b.build();
  }

  // ---- baton passing ---------------------------------------------------------------------------

  private void taskMain(Task t) {
    current.set(t);
    t.baton.acquireUninterruptibly();
    if (aborted) {
      return;
    }
    try {
      t.body.run();
      completeStep(t);
      t.done = true;
      if (starting) {
        startNext(t);
      } else {
        dispatch(t);
      }
    } catch (Abort a) {
      // The run is over; the task's stack has unwound.
    } catch (RuntimeException | Error e) {
      t.done = true;
      finish(new Outcome.Failed(t.name, steps, e));
    }
  }

  /** Ends the task's current step and blocks until the schedule picks its pending operation. */
  private void awaitTurn(Task self) {
    if (outcome != null) {
      throw ABORT;
    }
    completeStep(self);
    if (!(starting ? startNext(self) : dispatch(self))) {
      self.baton.acquireUninterruptibly();
    }
    if (aborted) {
      throw ABORT;
    }
  }

  /**
   * Start-up: {@code self} reached its first scheduling point or ended, so the next task starts; after
   * the last one the schedule begins. Returns true iff {@code self} runs on.
   */
  private boolean startNext(Task self) {
    int next = tasks.indexOf(self) + 1;
    if (next < tasks.size()) {
      tasks.get(next).baton.release();
      return false;
    }
    starting = false;
    return dispatch(self);
  }

  private void completeStep(Task t) {
    Choice executed = t.executing;
    if (executed == null) {
      return;
    }
    t.executing = null;
    if (t.mergedLabel != null) {
      executed = new Choice(executed.task(), t.mergedLabel.toString(), false);
      t.mergedLabel = null;
    }
    stepReordered = t.reordering;
    t.reordering = false;
    if (sharedAccesses != null) {
      sharedAccesses.stepEnded(t.name);
    }
    if (!notifyListeners(t.stepNumber, executed)) {
      throw ABORT;
    }
  }

  private boolean notifyListeners(long step, Choice c) {
    observing = true;
    try {
      for (StepListener l : listeners) {
        l.onStep(step, c.task(), c.label());
      }
      return true;
    } catch (RuntimeException | Error e) {
      finish(new Outcome.Failed(c.task(), step, e));
      return false;
    } finally {
      observing = false;
    }
  }

  /**
   * Runs the schedule on the calling thread (which holds the baton) until a task's pending
   * operation is picked. Returns true iff that task is {@code self}; otherwise the baton has been
   * handed to the picked task, or the run has finished.
   */
  private boolean dispatch(Task self) {
    while (true) {
      List<Choice> enabled;
      observing = true;
      try {
        enabled = collectEnabled();
        if (enabled.isEmpty()) {
          finish(endState());
          return false;
        }
      } catch (RuntimeException | Error e) {
        finish(new Outcome.Failed("guard", steps, e));
        return false;
      } finally {
        observing = false;
      }
      if (steps >= stepBound) {
        finish(new Outcome.StepBoundExceeded(stepBound));
        return false;
      }
      int pick;
      try {
        pick = schedule.choose(Collections.unmodifiableList(enabled));
        checkState(
            pick == Schedule.STOP || (pick >= 0 && pick < enabled.size()),
            "schedule picked %s of %s choices",
            pick,
            enabled.size());
      } catch (RuntimeException | Error e) {
        finish(new Outcome.Failed("schedule", steps, e));
        return false;
      }
      if (pick == Schedule.STOP) {
        finish(new Outcome.Stopped());
        return false;
      }
      Object target = targets.get(pick);
      steps++;
      if (target instanceof Deferred d) {
        if (!performDeferred(d)) {
          return false;
        }
        continue;
      }
      Task t;
      if (target instanceof Alternative a) {
        t = a.task();
        t.picked = a.option();
        t.executing = a.choice();
      } else {
        t = (Task) target;
        t.executing = t.pending.choice;
      }
      t.stepNumber = steps;
      t.reordering = !t.buffer.isEmpty();
      t.pending = null;
      if (t == self) {
        return true;
      }
      t.baton.release();
      return false;
    }
  }

  private boolean performDeferred(Deferred d) {
    if (d.owner != null) {
      d.owner.buffer.removeFirst();
    } else {
      callbacks.remove(d);
    }
    performingDeferred = true;
    deferredOwner = d.choice.task();
    try {
      d.effect.run();
    } catch (RuntimeException | Error e) {
      finish(new Outcome.Failed(d.choice.task(), steps, e));
      return false;
    } finally {
      performingDeferred = false;
    }
    stepReordered = false;
    return notifyListeners(steps, d.choice);
  }

  private List<Choice> collectEnabled() {
    List<Choice> enabled = new ArrayList<>(tasks.size() + 2);
    targets.clear();
    for (Task t : tasks) {
      Deferred head = t.buffer.peekFirst();
      if (head != null) {
        enabled.add(head.choice);
        targets.add(head);
      }
      Pending p = t.pending;
      if (p == null || waitsForInFlight(t, p.ordering)) {
        continue;
      }
      if (p.alternatives != null) {
        for (Alternative a : p.alternatives.get()) {
          enabled.add(a.choice());
          targets.add(a);
        }
      } else if (p.guard == null || p.guard.getAsBoolean()) {
        enabled.add(p.choice);
        targets.add(t);
      }
    }
    for (Deferred d : callbacks) {
      if (d.guard == null || d.guard.getAsBoolean()) {
        enabled.add(d.choice);
        targets.add(d);
      }
    }
    return enabled;
  }

  private Outcome endState() {
    if (callbacks.isEmpty() && tasks.stream().allMatch(t -> t.done)) {
      return new Outcome.Completed();
    }
    ImmutableList.Builder<Outcome.Blocked> blocked = ImmutableList.builder();
    for (Task t : tasks) {
      if (t.pending != null) {
        blocked.add(new Outcome.Blocked(t.name, t.pending.choice.label(), waits(t.pending.waitsFor)));
      }
    }
    for (Deferred d : callbacks) {
      blocked.add(new Outcome.Blocked(d.choice.task(), d.choice.label(), waits(d.waitsFor)));
    }
    ImmutableList<Outcome.Blocked> all = blocked.build();
    return new Outcome.Deadlock(all, WaitForGraph.cycles(all));
  }

  private static WaitsFor waits(Supplier<WaitsFor> waitsFor) {
    return waitsFor == null ? WaitsFor.event("(unknown)") : waitsFor.get();
  }

  private void finish(Outcome o) {
    if (outcome == null) {
      outcome = o;
      finished.countDown();
    }
  }

  private void awaitFinished() {
    boolean interrupted = false;
    while (true) {
      try {
        finished.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void teardown() {
    aborted = true;
    for (Task t : tasks) {
      if (t.started) {
        t.baton.release();
      }
    }
    Set<String> leaked = new HashSet<>();
    for (Task t : tasks) {
      if (!t.started) {
        continue;
      }
      try {
        if (!t.exited.await(JOIN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
          leaked.add(t.name);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        leaked.add(t.name);
      }
    }
    checkState(leaked.isEmpty(), "task threads did not terminate (swallowed the abort?): %s", leaked);
  }

  private Task self() {
    Task t = current.get();
    checkState(t != null, "scheduling operation called outside a task of this scheduler");
    return t;
  }

  private static final class Task {
    final String name;
    final Runnable body;
    final Semaphore baton = new Semaphore(0);
    final ArrayDeque<Deferred> buffer = new ArrayDeque<>();
    final CountDownLatch exited = new CountDownLatch(1);
    boolean started;
    Pending pending;
    Choice executing;
    StringBuilder mergedLabel;
    long stepNumber;
    boolean done;
    boolean inAtomic;
    boolean atomicEngaged;
    boolean operationContinues;
    /** Whether the task's executing step took effect before an in-flight access of the task. */
    boolean reordering;
    /** The option the schedule picked for the task's pending {@link #choose}. */
    Object picked;
    /** Collects the operations of a {@link #bufferRelease} being issued; null otherwise. */
    BiConsumer<String, Supplier<?>> issuing;

    Task(String name, Runnable body) {
      this.name = name;
      this.body = body;
    }
  }

  /** A task's next operation; {@code alternatives} is non-null for a {@link #choose}. */
  private record Pending(
      Choice choice,
      Ordering ordering,
      BooleanSupplier guard,
      Supplier<WaitsFor> waitsFor,
      Supplier<List<Alternative>> alternatives) {}

  /** One option of a task's pending {@link #choose}, as the schedule sees it. */
  private record Alternative(Task task, Choice choice, Object option) {}

  /** Identity matters: equal-looking callbacks are distinct queue entries. */
  private static final class Deferred {
    final Choice choice;
    final Task owner;
    final BooleanSupplier guard;
    final Supplier<WaitsFor> waitsFor;
    final Runnable effect;
    /** An in-flight release ({@link #bufferRelease}), not a plain access. */
    final boolean release;

    Deferred(
        Choice choice,
        Task owner,
        BooleanSupplier guard,
        Supplier<WaitsFor> waitsFor,
        Runnable effect,
        boolean release) {
      this.choice = choice;
      this.owner = owner;
      this.guard = guard;
      this.waitsFor = waitsFor;
      this.effect = effect;
      this.release = release;
    }
  }

  /** Unwinds a task's stack once the run is over; never escapes a task thread. */
  private static final class Abort extends Error {
    private static final long serialVersionUID = 1L;

    Abort() {
      super("lockstep run aborted", null, false, false);
    }
  }
}

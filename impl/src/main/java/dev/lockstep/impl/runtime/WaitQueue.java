package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A {@code wait_queue_head_t} and the {@code ___wait_event} loop, step by step as the kernel runs it:
 *
 * <ol>
 *   <li>{@link #prepareToWaitEvent}: the macro's first check (with whatever lockless pre-check the caller makes) and,
 *       if the task must wait, {@code prepare_to_wait_event}, which queues it: an exclusive waiter ({@code
 *       wait_event_killable_exclusive}) at the tail, a non-exclusive one ({@code wait_event}) at the head;
 *   <li>{@link #checkCondition}: {@code if (condition) break;} and {@code finish_wait} (off the queue, if a wake-up
 *       has not taken it off already); otherwise {@code schedule()}: the task sleeps while it is on the queue;
 *   <li>{@link #sleepUntilWoken}: a {@code wake_up} took the task off the queue; it runs again and
 *       {@code prepare_to_wait_event} queues it again, then back to 2.
 * </ol>
 *
 * A model whose spec merges {@code prepare_to_wait_event} with the test of the condition uses {@link
 * #prepareToWaitEvent} and {@link #schedule} instead: each pass of the loop is then one step (queue, test, and
 * {@code finish_wait} if the condition holds) and the wait until a wake-up.
 *
 * <p>{@code wake_up} ({@code __wake_up_common} with {@code nr_exclusive = 1}, {@code autoremove_wake_function}) walks
 * the queue from the head and takes off and wakes every entry up to and including the first exclusive one. A missing
 * {@code wake_up} shows up as a deadlock, as in the kernel. {@link #wakeUp} is one step; {@link #wakeUpLock} and
 * {@link #wakeUpUnlock} split it where {@code spin_lock_irqsave(&wq_head->lock)} (with the walk) and the unlock
 * are steps of their own, since a waker is inside the queue's memory until it unlocks; {@code
 * prepare_to_wait_event} waits for that lock when it queues the task. Every step is fully ordered ({@code set_current_state} and a wake-up
 * imply {@code smp_mb}). Signals are not modelled (killable waits run until their condition holds). A queue that
 * lives in a {@link Kasan} object has every access checked there (the walk of a freed or overwritten queue is
 * reported, and the model goes on as if the memory were intact).
 */
public final class WaitQueue {
  private final Scheduler scheduler;
  private final String name;
  private final String waitClass;
  private final String wakeUpLabel;
  /** Entries on the queue, head first. */
  private final Deque<String> queue = new ArrayDeque<>();
  /** Tasks inside the wait loop (on the queue or woken off it), and which of them wait exclusively. */
  private final Set<String> waiting = new LinkedHashSet<>();
  private final Set<String> exclusive = new HashSet<>();
  private final Kasan.Field memory;
  /** The waker between {@link #wakeUpLock} and {@link #wakeUpUnlock}, or null. */
  private String lockHolder;

  public WaitQueue(Scheduler scheduler, String name) {
    this(scheduler, name, Kasan.Field.UNCHECKED);
  }

  /** A wait queue head in the object member {@code memory}. */
  public WaitQueue(Scheduler scheduler, String name, Kasan.Field memory) {
    this(scheduler, name, name, memory);
  }

  /**
   * A wait queue head of {@link LockDep} class {@code waitClass} (one class for the queues of all objects of a kind):
   * sleeping on it while holding a lock, and waking it while holding one, are dependencies.
   */
  public WaitQueue(Scheduler scheduler, String name, String waitClass, Kasan.Field memory) {
    this.scheduler = scheduler;
    this.memory = memory;
    this.name = name;
    this.waitClass = waitClass;
    this.wakeUpLabel = "wake_up(" + name + ")";
  }

  /** {@code wait_event(wq, condition)}; {@code conditionName} appears in labels and reports. */
  public void waitEvent(String conditionName, BooleanSupplier condition) {
    if (prepareToWaitEvent(conditionName, () -> !condition.getAsBoolean(), false)) {
      awaitCondition(conditionName, condition);
    }
  }

  /** {@code wait_event_killable_exclusive(wq, condition)} without signals. */
  public void waitEventExclusive(String conditionName, BooleanSupplier condition) {
    if (prepareToWaitEvent(conditionName, () -> !condition.getAsBoolean(), true)) {
      awaitCondition(conditionName, condition);
    }
  }

  /** Steps 2 and 3 until the condition holds. */
  public void awaitCondition(String conditionName, BooleanSupplier condition) {
    while (!checkCondition(conditionName, condition)) {
      sleepUntilWoken(conditionName);
    }
  }

  /**
   * Step 1, one scheduling point: if {@code mustWait} (the caller's pre-check and the macro's first check of the
   * condition), {@code prepare_to_wait_event} queues the task and this returns true; otherwise false.
   */
  public boolean prepareToWaitEvent(String conditionName, BooleanSupplier mustWait, boolean exclusiveWait) {
    String me = scheduler.currentTask();
    String op = exclusiveWait ? "wait_event_killable_exclusive" : "wait_event";
    String label = op + "(" + name + ", " + conditionName + ")";
    boolean queued = scheduler.await(
        label,
        Ordering.FULL,
        // the macro tests the condition locklessly; only queueing takes the queue's lock
        () -> lockHolder == null || !mustWait.getAsBoolean(),
        () -> WaitsFor.heldBy(name + "->lock", lockHolder),
        () -> {
          memory.access(label);
          if (!mustWait.getAsBoolean()) {
            waiting.remove(me);
            exclusive.remove(me);
            return false;
          }
          waiting.add(me);
          if (exclusiveWait) {
            exclusive.add(me);
          }
          enqueue(me);
          return true;
        });
    LockDep.Run lockdep = scheduler.lockdep;
    if (queued && lockdep != null) {
      lockdep.sleep(waitClass);
    }
    return queued;
  }

  /**
   * Step 2, one scheduling point: true when the condition holds (the task leaves the queue and the wait); false when
   * it goes to sleep.
   */
  public boolean checkCondition(String conditionName, BooleanSupplier condition) {
    String me = scheduler.currentTask();
    String label = "wait_event(" + name + ", " + conditionName + "):check";
    return scheduler.step(
        label,
        Ordering.FULL,
        () -> {
          memory.access(label);
          if (!condition.getAsBoolean()) {
            return false;
          }
          queue.remove(me);
          waiting.remove(me);
          exclusive.remove(me);
          return true;
        });
  }

  /**
   * {@code schedule()} in the coarse loop: one scheduling point, enabled once a wake-up has taken the task off the
   * queue; unlike {@link #sleepUntilWoken} it does not queue the task again (the next {@link #prepareToWaitEvent}
   * does).
   */
  public void schedule(String conditionName) {
    String me = scheduler.currentTask();
    String label = "wait_event(" + name + ", " + conditionName + "):woken";
    scheduler.await(
        label,
        Ordering.FULL,
        () -> !queue.contains(me),
        () -> WaitsFor.event("wake_up(" + name + ") with " + conditionName),
        () -> {
          memory.access(label);
          return null;
        });
  }

  /** Step 3, one scheduling point, enabled once a wake-up has taken the task off the queue: queues it again. */
  public void sleepUntilWoken(String conditionName) {
    String me = scheduler.currentTask();
    scheduler.await(
        "wait_event(" + name + ", " + conditionName + "):woken",
        Ordering.FULL,
        () -> !queue.contains(me),
        () -> WaitsFor.event("wake_up(" + name + ") with " + conditionName),
        () -> {
          memory.access("wait_event(" + name + ", " + conditionName + "):woken");
          enqueue(me);
          return null;
        });
  }

  private void enqueue(String task) {
    if (exclusive.contains(task)) {
      queue.addLast(task);
    } else {
      queue.addFirst(task);
    }
  }

  /** {@code wake_up(wq)}: every entry from the head up to and including the first exclusive one. */
  public void wakeUp() {
    scheduler.perform(
        wakeUpLabel,
        Ordering.FULL,
        () -> {
          memory.access(wakeUpLabel);
          wakeUpLocked();
        });
  }

  /**
   * The first half of {@code wake_up(wq)}: {@code spin_lock_irqsave(&wq_head->lock)} and the walk that wakes the
   * entries. The waker holds the queue's lock until {@link #wakeUpUnlock}.
   */
  public void wakeUpLock() {
    String me = scheduler.currentTask();
    String label = wakeUpLabel + ":lock";
    scheduler.await(
        label,
        Ordering.FULL,
        () -> lockHolder == null,
        () -> WaitsFor.heldBy(name + "->lock", lockHolder),
        () -> {
          memory.access(label);
          lockHolder = me;
          wakeUpLocked();
          return null;
        });
  }

  /** The second half of {@code wake_up(wq)}: {@code spin_unlock_irqrestore(&wq_head->lock)}. */
  public void wakeUpUnlock() {
    String me = scheduler.currentTask();
    String label = wakeUpLabel + ":unlock";
    scheduler.perform(
        label,
        Ordering.RELEASE,
        () -> {
          memory.access(label);
          if (!me.equals(lockHolder)) {
            throw new KernelWarning(label + " by " + me + " but the lock is held by " + lockHolder);
          }
          lockHolder = null;
        });
  }

  /** The effect of {@code wake_up}, for a caller that makes it part of a larger step (an atomic section). */
  public void wakeUpLocked() {
    LockDep.Run lockdep = scheduler.lockdep;
    if (lockdep != null) {
      lockdep.wake(waitClass);
    }
    Iterator<String> it = queue.iterator();
    boolean exclusiveWoken = false;
    while (it.hasNext() && !exclusiveWoken) {
      exclusiveWoken = exclusive.contains(it.next());
      it.remove();
    }
  }

  public String name() {
    return name;
  }

  /** The entries on the queue, head first; read between steps. */
  public ImmutableList<String> queued() {
    return ImmutableList.copyOf(queue);
  }

  /** Tasks a wake-up took off the queue that have not run since; read between steps. */
  public ImmutableSet<String> woken() {
    return waiting.stream().filter(t -> !queue.contains(t)).collect(ImmutableSet.toImmutableSet());
  }
}

package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A {@code wait_queue_head_t}. {@code wait_event} checks the condition and, if false, queues the
 * task in one step (prepare_to_wait + check, which the kernel makes atomic against {@code
 * wake_up} through the queue lock); the task then sleeps until a {@code wake_up} and rechecks in
 * the step that wakes it. A missing {@code wake_up} therefore shows up as a deadlock, as in the
 * kernel. Both operations are fully ordered (set_current_state and a wake-up imply smp_mb).
 *
 * <p>Waits are exclusive ({@code wait_event_killable_exclusive}, queued at the tail) or not
 * ({@code wait_event}, queued at the head). As {@code __wake_up_common} does, {@code wake_up}
 * wakes every non-exclusive sleeper and the first exclusive one in queue order; a woken sleeper
 * that finds its condition false queues again. Signals are not modelled (killable waits run to
 * their condition).
 */
public final class WaitQueue {
  private final Scheduler scheduler;
  private final String name;
  private final String wakeUpLabel;
  /** In queue order: non-exclusive sleepers are added at the head, exclusive ones at the tail. */
  private final Deque<String> sleepers = new ArrayDeque<>();
  private final Set<String> exclusive = new HashSet<>();
  private final Set<String> woken = new LinkedHashSet<>();

  public WaitQueue(Scheduler scheduler, String name) {
    this.scheduler = scheduler;
    this.name = name;
    this.wakeUpLabel = "wake_up(" + name + ")";
  }

  /** {@code wait_event(wq, condition)}; {@code conditionName} appears in labels and reports. */
  public void waitEvent(String conditionName, BooleanSupplier condition) {
    if (!prepareToWaitEvent(conditionName, condition)) {
      sleepUntil(conditionName, condition);
    }
  }

  /** {@code wait_event_killable_exclusive(wq, condition)} without signals. */
  public void waitEventExclusive(String conditionName, BooleanSupplier condition) {
    if (!prepareToWaitEventExclusive(conditionName, condition)) {
      sleepUntil(conditionName, condition);
    }
  }

  /**
   * The first part of {@code wait_event}: returns true if {@code condition} holds; otherwise
   * queues the task ({@code prepare_to_wait_event}) and returns false, and the caller must then
   * {@link #sleepUntil}. Split out so an atomic section can end with it.
   */
  public boolean prepareToWaitEvent(String conditionName, BooleanSupplier condition) {
    return prepare("wait_event", conditionName, condition, false);
  }

  /** As {@link #prepareToWaitEvent}, for {@code wait_event_killable_exclusive}. */
  public boolean prepareToWaitEventExclusive(String conditionName, BooleanSupplier condition) {
    return prepare("wait_event_killable_exclusive", conditionName, condition, true);
  }

  private boolean prepare(
      String op, String conditionName, BooleanSupplier condition, boolean exclusiveWait) {
    String me = scheduler.currentTask();
    return scheduler.step(
        op + "(" + name + ", " + conditionName + ")",
        Ordering.FULL,
        () -> {
          if (condition.getAsBoolean()) {
            return true;
          }
          if (exclusiveWait) {
            exclusive.add(me);
          }
          enqueue(me);
          return false;
        });
  }

  private void enqueue(String task) {
    if (exclusive.contains(task)) {
      sleepers.addLast(task);
    } else {
      sleepers.addFirst(task);
    }
  }

  /** The rest of {@code wait_event} after a false check: sleep, and on each wake-up recheck. */
  public void sleepUntil(String conditionName, BooleanSupplier condition) {
    String me = scheduler.currentTask();
    String label = "wait_event(" + name + ", " + conditionName + "):woken";
    boolean satisfied = false;
    while (!satisfied) {
      satisfied =
          scheduler.await(
              label,
              Ordering.FULL,
              () -> woken.contains(me),
              () -> WaitsFor.event("wake_up(" + name + ") with " + conditionName),
              () -> {
                woken.remove(me);
                if (condition.getAsBoolean()) {
                  exclusive.remove(me);
                  return true;
                }
                enqueue(me);
                return false;
              });
    }
  }

  /** {@code wake_up(wq)}: every non-exclusive sleeper and the first exclusive one. */
  public void wakeUp() {
    scheduler.perform(
        wakeUpLabel,
        Ordering.FULL,
        () -> {
          Iterator<String> it = sleepers.iterator();
          boolean exclusiveWoken = false;
          while (it.hasNext() && !exclusiveWoken) {
            String t = it.next();
            exclusiveWoken = exclusive.contains(t);
            woken.add(t);
            it.remove();
          }
        });
  }

  public String name() {
    return name;
  }

  /** Tasks asleep on the queue and not yet woken, in queue order; read between steps. */
  public ImmutableSet<String> sleepers() {
    return ImmutableSet.copyOf(sleepers);
  }

  /** Tasks woken but not yet rescheduled; read between steps. */
  public ImmutableSet<String> woken() {
    return ImmutableSet.copyOf(woken);
  }
}

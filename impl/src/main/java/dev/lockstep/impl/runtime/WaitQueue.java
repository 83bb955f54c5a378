package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A {@code wait_queue_head_t}. {@code wait_event} checks the condition and, if false, queues the
 * task in one step (prepare_to_wait + check, which the kernel makes atomic against {@code
 * wake_up} through the queue lock); the task then sleeps until a {@code wake_up} and rechecks in
 * the step that wakes it. A missing {@code wake_up} therefore shows up as a deadlock, as in the
 * kernel. Both operations are fully ordered (set_current_state and a wake-up imply smp_mb).
 */
public final class WaitQueue {
  private final Scheduler scheduler;
  private final String name;
  private final String wakeUpLabel;
  private final Set<String> sleepers = new LinkedHashSet<>();
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

  /**
   * The first part of {@code wait_event}: returns true if {@code condition} holds; otherwise
   * queues the task ({@code prepare_to_wait_event}) and returns false, and the caller must then
   * {@link #sleepUntil}. Split out so an atomic section can end with it.
   */
  public boolean prepareToWaitEvent(String conditionName, BooleanSupplier condition) {
    String me = scheduler.currentTask();
    return scheduler.step(
        "wait_event(" + name + ", " + conditionName + ")",
        Ordering.FULL,
        () -> {
          if (condition.getAsBoolean()) {
            return true;
          }
          sleepers.add(me);
          return false;
        });
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
                  return true;
                }
                sleepers.add(me);
                return false;
              });
    }
  }

  /** {@code wake_up(wq)}: wakes every sleeper (none of the model's waits is exclusive). */
  public void wakeUp() {
    scheduler.perform(
        wakeUpLabel,
        Ordering.FULL,
        () -> {
          woken.addAll(sleepers);
          sleepers.clear();
        });
  }

  public String name() {
    return name;
  }

  /** Tasks asleep on the queue and not yet woken; read between steps. */
  public ImmutableSet<String> sleepers() {
    return ImmutableSet.copyOf(sleepers);
  }

  /** Tasks woken but not yet rescheduled; read between steps. */
  public ImmutableSet<String> woken() {
    return ImmutableSet.copyOf(woken);
  }
}

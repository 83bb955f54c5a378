package dev.lockstep.impl.runtime;

/**
 * Observes every executed step. Called once per step, after the step's effect and after the
 * stepping task has run on to its next scheduling point (or terminated), so the observed state is
 * the complete post-state, including the task's new program counter. Runs while the caller holds
 * the baton: it may read any model state, but must not call scheduling operations.
 */
@FunctionalInterface
public interface StepListener {
  /**
   * @param step 1-based number of the step in this run
   * @param task the task that took the step (for deferred actions: the owning task, or "rcu")
   * @param label the operation label, e.g. {@code down_write(fi->dax->sem)}
   */
  void onStep(long step, String task, String label);
}

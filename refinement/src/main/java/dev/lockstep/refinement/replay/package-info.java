/**
 * Counterexamples as regression tests of an implementation on the deterministic runtime.
 *
 * <ul>
 *   <li>{@link dev.lockstep.refinement.replay.CounterexampleFiles} lists and reads
 *       {@code counterexamples/<protocol>/<variant>/<property>.itf.json}; bad files fail with one line naming file and
 *       position.
 *   <li>{@link dev.lockstep.refinement.replay.ReplayPlan} unrolls a trace into steps with their actors (recovered from
 *       the change of {@code pc}); {@link dev.lockstep.refinement.replay.TraceReplayer} makes the implementation take
 *       exactly those steps, through the refinement mapping of a
 *       {@link dev.lockstep.refinement.replay.ReplayTarget}, checking refinement at every implementation step, and
 *       reports a {@link dev.lockstep.refinement.replay.Divergence} with the state difference where it cannot.
 *   <li>{@link dev.lockstep.refinement.replay.InterleavingRunner} schedules only the order of actors (for code that
 *       behaves differently, e.g. the fixed variant), {@link dev.lockstep.refinement.replay.ScheduleEdit} makes
 *       neighbouring orders, {@link dev.lockstep.refinement.replay.PropertyVerdicts} judges a run and
 *       {@link dev.lockstep.refinement.replay.DeltaDebugging} shrinks a failing order.
 * </ul>
 */
package dev.lockstep.refinement.replay;

package dev.lockstep.impl.runtime;

/** The outcome of one run and the number of steps it executed. */
public record RunResult(Outcome outcome, long steps) {
  public boolean completed() {
    return outcome instanceof Outcome.Completed;
  }

  @Override
  public String toString() {
    return outcome + " after " + steps + " steps";
  }
}

package dev.lockstep.impl.runtime;

/**
 * A plain access to a {@link SharedVariable} made without the lock that protects it, which the LKMM calls a data race
 * (KCSAN reports it as "data-race"). Thrown from the access, it ends the run with {@link Outcome.Failed}.
 */
public final class DataRace extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataRace(String message) {
    super(message);
  }
}

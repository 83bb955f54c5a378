package dev.lockstep.impl.runtime;

/**
 * A condition on which the kernel would WARN or BUG (refcount underflow, unlock by a non-owner).
 * Thrown from an operation's effect, it ends the run with {@link Outcome.Failed}.
 */
public final class KernelWarning extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KernelWarning(String message) {
    super(message);
  }
}

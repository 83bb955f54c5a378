package dev.lockstep.impl.litmus;

/**
 * A litmus file the runner cannot run: a syntax error, or a construct outside the supported subset
 * ({@link #unsupported()}), with the file and position it was found at.
 */
public final class LitmusException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String problem;
  private final boolean unsupported;

  LitmusException(String file, int line, int column, String problem, boolean unsupported) {
    super(file + ":" + line + ":" + column + ": " + problem);
    this.file = file;
    this.line = line;
    this.column = column;
    this.problem = problem;
    this.unsupported = unsupported;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The problem without the position, e.g. "unsupported: spin_is_locked()". */
  public String problem() {
    return problem;
  }

  /** Whether the file is valid herd C but uses a construct the runner does not support. */
  public boolean unsupported() {
    return unsupported;
  }
}

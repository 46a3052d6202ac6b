package dev.kata.puzzles.p19;

import java.io.Serial;
import java.util.List;

/**
 * Thrown when an operation failed on every attempt it was given: the attempts ran out, or the
 * budget left no time for another backoff.
 *
 * <p>It carries every attempt's failure: each one added with {@link #addSuppressed}, in the order
 * of the attempts, the last one too, which is also its cause.
 */
public class RetriesExhaustedException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  /**
   * Create it; add each attempt's failure with {@link #addSuppressed}, in order.
   *
   * @param message why the retries stopped, such as "3 attempts failed"
   * @param lastFailure the last attempt's failure
   */
  public RetriesExhaustedException(String message, Throwable lastFailure) {
    super(message, lastFailure);
  }

  /** Get every attempt's failure, in the order of the attempts (its suppressed exceptions). */
  public List<Throwable> failures() {
    return List.of(getSuppressed());
  }
}

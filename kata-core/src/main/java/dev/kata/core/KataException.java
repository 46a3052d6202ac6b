package dev.kata.core;

/**
 * Report a problem the user can fix: an unknown puzzle, a missing file, a broken plugin jar. The
 * CLI prints the message as one line and exits with status 2.
 */
public class KataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Create the exception.
   *
   * @param message what happened, the value, and what to do
   */
  public KataException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause, shown only with {@code --verbose}.
   *
   * @param message what happened, the value, and what to do
   * @param cause the underlying failure
   */
  public KataException(String message, Throwable cause) {
    super(message, cause);
  }
}

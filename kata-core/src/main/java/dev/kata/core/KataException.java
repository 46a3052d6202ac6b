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

  /**
   * Say why a file operation failed, in words: the JDK's message for a denied access or a read-only
   * file system is only the path.
   *
   * @param e the failure
   * @return a reason such as "permission denied (a read-only folder?)"
   */
  public static String reason(java.io.IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied (is the folder read-only, or owned by another user?)";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or folder";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

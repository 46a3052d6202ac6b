package dev.kata.api;

/**
 * Signal that a puzzle is not defined correctly, for example that a source resource is missing.
 *
 * <p>The catalog reports it as a broken puzzle instead of failing the whole command.
 *
 * @since 0.1
 */
public class PuzzleDefinitionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Create the exception.
   *
   * @param message what is wrong with the puzzle, lowercase, naming the offending value
   */
  public PuzzleDefinitionException(String message) {
    super(message);
  }
}

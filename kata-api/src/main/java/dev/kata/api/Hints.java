package dev.kata.api;

import java.util.Objects;

/**
 * Hold a puzzle's three hints, from gentle to explicit.
 *
 * @param concept level 1: the concept to think about, without naming an API
 * @param api level 2: the JDK API that solves it
 * @param shape level 3: the shape of the code, short of the solution
 * @since 0.1
 */
public record Hints(String concept, String api, String shape) {

  /** The number of hint levels. */
  public static final int LEVELS = 3;

  /**
   * Create hints; none may be blank.
   *
   * @throws IllegalArgumentException if a hint is null or blank
   */
  public Hints {
    requireText(concept, "concept");
    requireText(api, "api");
    requireText(shape, "shape");
  }

  /**
   * Get the hint of one level.
   *
   * @param level 1, 2 or 3
   * @throws IllegalArgumentException if level is not 1, 2 or 3
   */
  public String level(int level) {
    return switch (level) {
      case 1 -> concept;
      case 2 -> api;
      case 3 -> shape;
      default ->
          throw new IllegalArgumentException("hint level must be 1, 2 or 3 but was " + level);
    };
  }

  private static void requireText(String text, String name) {
    Objects.requireNonNull(text, () -> name + " hint must not be null");
    if (text.isBlank()) {
      throw new IllegalArgumentException(name + " hint must not be blank");
    }
  }
}

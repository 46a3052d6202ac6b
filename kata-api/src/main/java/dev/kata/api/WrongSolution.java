package dev.kata.api;

import java.util.Objects;

/**
 * Name a known-wrong solution of a puzzle and the bug it shows.
 *
 * <p>Its source is the resource {@code wrong/<name>/<file name>} beside the puzzle class. The build
 * proves that the puzzle's checks reject every wrong solution.
 *
 * @param name a short kebab-case name, unique within the puzzle, such as {@code "sequential"}
 * @param bug the mistake in one sentence, as a learner would make it
 * @since 0.1
 */
public record WrongSolution(String name, String bug) {

  /**
   * Create a wrong solution.
   *
   * @throws IllegalArgumentException if name is not kebab-case or bug is blank
   */
  public WrongSolution {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(bug, "bug must not be null");
    if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException(
          "wrong solution name must be kebab-case but was '" + name + "'");
    }
    if (bug.isBlank()) {
      throw new IllegalArgumentException("wrong solution '" + name + "' must describe its bug");
    }
  }
}

package dev.kata.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem found while loading the catalog or checking a puzzle against the authoring rules.
 *
 * <p>The fields say whom the problem is about, so that a caller can pick the problems of one jar
 * without reading the message: {@code kata check-plugin} reports only those of the jar it checks.
 *
 * @param origin {@code "built-in"} or the plugin jar's file name, as {@link CatalogEntry#origin()}
 *     says it; a problem about several puzzles (a prerequisite cycle) is blamed on the one loaded
 *     last, as a duplicate id is blamed on the later puzzle
 * @param puzzleId the puzzle's id; empty when the problem is about a jar, or about a class whose id
 *     could not be read
 * @param message the line shown to the user, naming the puzzle or jar, such as {@code "puzzle 21
 *     (acme.jar): difficulty must be 1 to 5 but was 7"}
 */
public record CatalogProblem(String origin, Optional<String> puzzleId, String message) {

  /** Create a problem; no component may be null. */
  public CatalogProblem {
    Objects.requireNonNull(origin, "origin must not be null");
    Objects.requireNonNull(puzzleId, "puzzleId must not be null");
    Objects.requireNonNull(message, "message must not be null");
  }

  /**
   * Create a problem of one puzzle: {@code "puzzle 21 (acme.jar): " + detail}.
   *
   * @param entry the puzzle
   * @param detail what is wrong, and what to do
   */
  public static CatalogProblem of(CatalogEntry entry, String detail) {
    return new CatalogProblem(
        entry.origin(), Optional.of(entry.id()), describe(entry) + ": " + detail);
  }

  /** A problem of a plugin jar, or of the class path, as a whole. */
  static CatalogProblem ofOrigin(String origin, String message) {
    return new CatalogProblem(origin, Optional.empty(), message);
  }

  /** Name a puzzle and where it came from: {@code "puzzle 21 (acme.jar)"}. */
  static String describe(CatalogEntry entry) {
    return "puzzle " + entry.id() + " (" + entry.origin() + ")";
  }
}

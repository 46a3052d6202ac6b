package dev.kata.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describe a puzzle: its identity, its place in the course and what it teaches.
 *
 * <p>Put it on the class that implements {@link Puzzle}. The catalog rejects a puzzle without it.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KataPuzzle {

  /**
   * Get the stable id of the puzzle.
   *
   * <p>Built-in puzzles use {@code "01"} to {@code "20"}. Third-party puzzles must use an id that
   * no other puzzle uses; a namespaced id such as {@code "acme.pool"} is the safe choice. Ids
   * contain only letters, digits, '.', '_' and '-'.
   */
  String id();

  /** Get the slug: lowercase words joined by '-', unique across the catalog. */
  String slug();

  /** Get the human title, a few words. */
  String title();

  /** Get the difficulty, from 1 (first steps) to 5 (hardest). */
  int difficulty();

  /** Get the ids of the puzzles a learner should solve first. Empty for none. */
  String[] prerequisites() default {};

  /** Get the concepts the puzzle teaches, in a few words each. */
  String[] concepts() default {};

  /** Get the JDK APIs the puzzle exercises, such as {@code "Semaphore"}. */
  String[] apis() default {};

  /** Get the one-sentence objective shown to the learner. */
  String objective();
}

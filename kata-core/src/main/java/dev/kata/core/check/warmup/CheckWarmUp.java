package dev.kata.core.check.warmup;

import static org.quicktheories.generators.SourceDSL.integers;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.PropertyChecks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Run by a check JVM started ahead of its job, before the job arrives: one trivial check through
 * the same JUnit launcher and one small property check, so discovery, execution and QuickTheories
 * are loaded, linked and partly compiled by the time the learner's checks run. It touches no puzzle
 * and no learner code, and leaves no thread behind.
 */
class CheckWarmUp {

  /** Create the warm-up; JUnit calls it. */
  CheckWarmUp() {}

  /** Do nothing, through the whole engine. */
  @Test
  @DisplayName("warm-up")
  void warmUp() {
    // The point is the path to here, not this body.
  }

  /** Generate a few examples the way puzzles' property checks do, with nothing shared with them. */
  @Test
  @DisplayName("property warm-up")
  void propertyWarmUp() {
    PropertyChecks.forAll(
        30,
        integers().between(0, 1_000),
        integers().between(1, 8),
        (a, b) ->
            Invariant.require(
                a + b >= b, "addition of non-negative numbers grows", a + b, () -> b));
  }
}

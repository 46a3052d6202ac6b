package dev.kata.api.check;

import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Fail a check in the learner's terms: the invariant that broke, what was expected and what
 * happened instead, and optionally a detail such as a {@link Timeline} drawing.
 *
 * <pre>
 * invariant: all tasks are in flight at the same time
 *   expected: 8 tasks in flight together
 *   observed: at most 1 task in flight
 * </pre>
 *
 * @since 0.1
 */
public final class Invariant {

  private Invariant() {}

  /**
   * Create the failure for a broken invariant, to throw.
   *
   * @param invariant the rule in plain words
   * @param expected what a correct solution does
   * @param observed what this solution did
   */
  public static AssertionFailedError violated(String invariant, Object expected, Object observed) {
    return violated(invariant, expected, observed, null);
  }

  /**
   * Create the failure for a broken invariant with a detail, to throw.
   *
   * @param invariant the rule in plain words
   * @param expected what a correct solution does
   * @param observed what this solution did
   * @param detail more lines for the learner, such as a timeline; may be null
   */
  public static AssertionFailedError violated(
      String invariant, Object expected, Object observed, String detail) {
    String message =
        "invariant: "
            + invariant
            + System.lineSeparator()
            + "  expected: "
            + expected
            + System.lineSeparator()
            + "  observed: "
            + observed
            + (detail == null || detail.isBlank()
                ? ""
                : System.lineSeparator() + detail.stripTrailing());
    return new AssertionFailedError(message, expected, observed);
  }

  /**
   * Fail unless the invariant holds.
   *
   * @param holds whether the invariant held
   * @param invariant the rule in plain words
   * @param expected what a correct solution does
   * @param observed computes what this solution did, only when it failed
   */
  public static void require(
      boolean holds, String invariant, Object expected, Supplier<?> observed) {
    if (!holds) {
      throw violated(invariant, expected, observed.get());
    }
  }
}

package dev.kata.puzzles.p15;

import java.util.List;
import java.util.Objects;

/**
 * What {@link FailurePolicies#collectAll} reports: the values of the tasks that succeeded and the
 * tasks that failed, both in input order.
 *
 * @param results the values of the tasks that succeeded, in input order; not null, no null element
 * @param failures the tasks that failed, in input order; not null
 * @param <T> the type of the results
 */
public record Outcome<T>(List<T> results, List<Failure> failures) {

  /** Copy both lists, so that an outcome never changes after it is made. */
  public Outcome {
    results = List.copyOf(results);
    failures = List.copyOf(failures);
  }

  /**
   * A task that failed.
   *
   * @param index its index in the list of tasks
   * @param exception the very exception it threw; not null
   */
  public record Failure(int index, Throwable exception) {

    /** Reject a failure without its exception. */
    public Failure {
      Objects.requireNonNull(exception, "exception");
    }
  }
}

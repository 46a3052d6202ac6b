package dev.kata.puzzles.p19;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How to retry an operation: how often, how long to back off, and which failures are worth another
 * try.
 *
 * @param maxAttempts the most attempts in all, the first one included; at least 1
 * @param base the backoff before the second attempt, before jitter; positive
 * @param max the cap: no backoff is ever longer, jitter included; at least {@code base}
 * @param budget the most time, on the injected clock, from the start of the call to the end of the
 *     last backoff; not negative
 * @param perAttempt the most real time one attempt may run before it is interrupted; positive
 * @param retryable tells whether an attempt's failure is worth another attempt; not null
 */
public record RetryPolicy(
    int maxAttempts,
    Duration base,
    Duration max,
    Duration budget,
    Duration perAttempt,
    Predicate<Throwable> retryable) {

  /**
   * Create a policy.
   *
   * @throws IllegalArgumentException if a value is out of its range
   */
  public RetryPolicy {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(perAttempt, "perAttempt");
    Objects.requireNonNull(retryable, "retryable");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
    }
    if (!base.isPositive() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "need 0 < base <= max but base was " + base + " and max " + max);
    }
    if (budget.isNegative() || !perAttempt.isPositive()) {
      throw new IllegalArgumentException(
          "need budget >= 0 and perAttempt > 0 but they were " + budget + " and " + perAttempt);
    }
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", base="
        + millis(base)
        + ", max="
        + millis(max)
        + ", budget="
        + millis(budget)
        + ", perAttempt="
        + millis(perAttempt)
        + "]";
  }

  static String millis(Duration d) {
    return d.toNanos() % 1_000_000 == 0
        ? d.toMillis() + " ms"
        : String.format("%.3f ms", d.toNanos() / 1e6);
  }
}

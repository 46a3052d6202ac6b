package dev.kata.api.check;

import java.time.Duration;

/**
 * Scale every wait in the checks by one factor, as the JSR-166 TCK does.
 *
 * <p>The factor comes from the system property {@code kata.timeFactor}, else the environment
 * variable {@code KATA_TIME_FACTOR}, else 1. Raise it on a slow or loaded machine; correct
 * solutions never wait for these timers, so only wrong ones get slower to reject.
 *
 * @since 0.1
 */
public final class TimeScale {

  /** The system property that sets the factor. */
  public static final String PROPERTY = "kata.timeFactor";

  /** The environment variable that sets the factor when the property is absent. */
  public static final String ENVIRONMENT = "KATA_TIME_FACTOR";

  private TimeScale() {}

  /** Get the factor, a number of at least 0.1. */
  public static double factor() {
    String text = System.getProperty(PROPERTY);
    if (text == null || text.isBlank()) {
      text = System.getenv(ENVIRONMENT);
    }
    if (text == null || text.isBlank()) {
      return 1.0;
    }
    try {
      return Math.max(0.1, Double.parseDouble(text.trim()));
    } catch (NumberFormatException e) {
      return 1.0;
    }
  }

  /**
   * Scale a duration by the factor.
   *
   * @param base the duration on an idle, ordinary machine
   */
  public static Duration scaled(Duration base) {
    return Duration.ofNanos((long) (base.toNanos() * factor()));
  }

  /**
   * Scale a number of milliseconds by the factor.
   *
   * @param baseMillis the milliseconds on an idle, ordinary machine
   */
  public static long millis(long baseMillis) {
    return (long) (baseMillis * factor());
  }
}

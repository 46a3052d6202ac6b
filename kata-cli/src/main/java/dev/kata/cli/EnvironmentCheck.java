package dev.kata.cli;

import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.TimeScale;
import java.util.Map;
import java.util.Optional;

/**
 * Refuse bad values of the environment variables kata reads, in one line, before any command runs:
 * a seed that is not a whole number was an internal error, and a time factor of NaN failed correct
 * solutions. ({@code NO_COLOR} needs no check: any non-empty value means no colour.)
 */
final class EnvironmentCheck {

  /** The largest time factor: a day for a 10 s check limit is already more than anyone waits. */
  static final double MAX_TIME_FACTOR = 1000;

  private EnvironmentCheck() {}

  /** Say what is wrong with the environment, or nothing. */
  static Optional<String> problem(Map<String, String> env) {
    String seed = env.get(PropertyChecks.SEED_ENVIRONMENT);
    if (seed != null && !seed.isBlank()) {
      try {
        Long.parseLong(seed.trim());
      } catch (NumberFormatException e) {
        return Optional.of(
            PropertyChecks.SEED_ENVIRONMENT
                + " must be a whole number, such as the seed a failed"
                + " property check printed, not '"
                + seed
                + "'; unset it for a random seed");
      }
    }
    String factor = env.get(TimeScale.ENVIRONMENT);
    if (factor != null && !factor.isBlank()) {
      double value;
      try {
        value = Double.parseDouble(factor.trim());
      } catch (NumberFormatException e) {
        value = Double.NaN;
      }
      if (!(value >= 0.1 && value <= MAX_TIME_FACTOR)) { // also false for NaN
        return Optional.of(
            TimeScale.ENVIRONMENT
                + " must be a number from 0.1 to "
                + (int) MAX_TIME_FACTOR
                + " (2 on a slow machine doubles every wait of the checks), not '"
                + factor
                + "'");
      }
    }
    return Optional.empty();
  }
}

package dev.kata.api.check;

import java.util.concurrent.ThreadLocalRandom;
import org.quicktheories.QuickTheory;

/**
 * Start a QuickTheories property with kata's settings: a seed that is printed on failure and can be
 * fixed to replay it, and a number of examples sized for concurrent checks.
 *
 * <p>The seed comes from the system property {@code kata.seed}, else it is random. The failure
 * message names the smallest counterexample QuickTheories found and the seed.
 *
 * <pre>
 * PropertyChecks.theory(40)
 *     .forAll(integers().between(1, 32))
 *     .checkAssert(n -&gt; ...);
 * </pre>
 *
 * @since 0.1
 */
public final class PropertyChecks {

  /** The system property that fixes the seed, to replay a failure. */
  public static final String SEED_PROPERTY = "kata.seed";

  private static final int SHRINK_CYCLES = 30;

  private PropertyChecks() {}

  /**
   * Start a property that tries the given number of generated examples.
   *
   * @param examples how many examples to try, at least 1
   */
  public static QuickTheory theory(int examples) {
    if (examples < 1) {
      throw new IllegalArgumentException("examples must be at least 1 but was " + examples);
    }
    return QuickTheory.qt().withFixedSeed(seed()).withExamples(examples).withShrinkCycles(SHRINK_CYCLES);
  }

  /** Get the seed this run uses: {@code kata.seed} if set, else a random one chosen once per JVM. */
  public static long seed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    if (fixed != null && !fixed.isBlank()) {
      try {
        return Long.parseLong(fixed.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(SEED_PROPERTY + " must be a whole number but was '" + fixed + "'");
      }
    }
    return RandomSeed.VALUE;
  }

  private static final class RandomSeed {
    static final long VALUE = ThreadLocalRandom.current().nextLong();
  }
}

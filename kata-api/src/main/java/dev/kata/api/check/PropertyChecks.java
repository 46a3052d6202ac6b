package dev.kata.api.check;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.opentest4j.AssertionFailedError;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.TriConsumer;
import org.quicktheories.core.Gen;

/**
 * Check a property over generated scenarios with QuickTheories, the way kata's checks need it.
 *
 * <ul>
 *   <li>The seed is printed on failure and can be fixed to replay it: system property {@code
 *       kata.seed}, else environment variable {@code KATA_SEED}, else random once per JVM.
 *   <li>The failure message is the failing example's own message (the invariant, expected vs
 *       observed), followed by the smallest failing example found and the seed.
 *   <li>Shrinking gets a time budget scaled by {@link TimeScale}: a wrong solution that fails by
 *       waiting for a timeout is not re-run for minutes; the smallest example found in time is
 *       reported.
 * </ul>
 *
 * <pre>
 * PropertyChecks.forAll(40, integers().between(1, 32), n -&gt; { ... });
 * </pre>
 *
 * @since 0.1
 */
public final class PropertyChecks {

  /** The system property that fixes the seed, to replay a failure. */
  public static final String SEED_PROPERTY = "kata.seed";

  /** The environment variable that fixes the seed when the property is absent. */
  public static final String SEED_ENVIRONMENT = "KATA_SEED";

  private static final int SHRINK_CYCLES = 40;
  private static final long SHRINK_BUDGET_MILLIS = 3_000;

  private PropertyChecks() {}

  /**
   * Check that a property holds for generated values.
   *
   * @param examples how many examples to try, at least 1
   * @param as the values
   * @param property throws an {@link AssertionError} (see {@link Invariant}) when it does not hold
   */
  public static <A> void forAll(int examples, Gen<A> as, Consumer<A> property) {
    Shrinking shrinking = new Shrinking();
    run(
        shrinking,
        () ->
            theory(examples)
                .forAll(as)
                .checkAssert(a -> shrinking.attempt(() -> property.accept(a), a)));
  }

  /**
   * Check that a property holds for pairs of generated values.
   *
   * @param examples how many examples to try, at least 1
   * @param as the first values
   * @param bs the second values
   * @param property throws an {@link AssertionError} when it does not hold
   */
  public static <A, B> void forAll(int examples, Gen<A> as, Gen<B> bs, BiConsumer<A, B> property) {
    Shrinking shrinking = new Shrinking();
    run(
        shrinking,
        () ->
            theory(examples)
                .forAll(as, bs)
                .checkAssert((a, b) -> shrinking.attempt(() -> property.accept(a, b), a, b)));
  }

  /**
   * Check that a property holds for triples of generated values.
   *
   * @param examples how many examples to try, at least 1
   * @param as the first values
   * @param bs the second values
   * @param cs the third values
   * @param property throws an {@link AssertionError} when it does not hold
   */
  public static <A, B, C> void forAll(
      int examples, Gen<A> as, Gen<B> bs, Gen<C> cs, TriConsumer<A, B, C> property) {
    Shrinking shrinking = new Shrinking();
    run(
        shrinking,
        () ->
            theory(examples)
                .forAll(as, bs, cs)
                .checkAssert(
                    (a, b, c) -> shrinking.attempt(() -> property.accept(a, b, c), a, b, c)));
  }

  /**
   * Start a QuickTheories property with kata's seed, for shapes the {@code forAll} methods do not
   * cover. Prefer {@code forAll}: it reports failures in kata's format.
   *
   * @param examples how many examples to try, at least 1
   */
  public static QuickTheory theory(int examples) {
    if (examples < 1) {
      throw new IllegalArgumentException("examples must be at least 1 but was " + examples);
    }
    return QuickTheory.qt()
        .withFixedSeed(seed())
        .withExamples(examples)
        .withShrinkCycles(SHRINK_CYCLES);
  }

  /**
   * Get the seed this run uses: {@code kata.seed}, else {@code KATA_SEED}, else random once per
   * JVM.
   */
  public static long seed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    if (fixed == null || fixed.isBlank()) {
      fixed = System.getenv(SEED_ENVIRONMENT);
    }
    if (fixed != null && !fixed.isBlank()) {
      try {
        return Long.parseLong(fixed.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "the seed must be a whole number but was '" + fixed + "'");
      }
    }
    return RandomSeed.VALUE;
  }

  private static void run(Shrinking shrinking, Runnable property) {
    try {
      property.run();
    } catch (AssertionError quickTheories) {
      Throwable smallest = shrinking.smallest;
      if (smallest == null) {
        throw quickTheories;
      }
      String message =
          (smallest instanceof AssertionError
                  ? String.valueOf(smallest.getMessage())
                  : "your code threw " + smallest)
              + System.lineSeparator()
              + "  smallest failing example: "
              + shrinking.smallestExample
              + System.lineSeparator()
              + "  seed: "
              + seed()
              + " (replay with "
              + SEED_ENVIRONMENT
              + "="
              + seed()
              + ")";
      AssertionFailedError failure = new AssertionFailedError(message, smallest);
      throw failure;
    }
  }

  /**
   * Remembers the latest (so the smallest) failure, and ends shrinking when its budget is spent: no
   * attempt starts that, as slow as the slowest failure so far, would end past the budget. A
   * failure found by waiting out a bound (two seconds, say) is not waited out again and again while
   * the learner waits for the verdict.
   */
  private static final class Shrinking {
    private long firstFailureNanos;
    private long slowestFailureNanos;
    private Throwable smallest;
    private String smallestExample;

    void attempt(Runnable property, Object... example) {
      long budget = TimeScale.millis(SHRINK_BUDGET_MILLIS) * 1_000_000;
      long start = System.nanoTime();
      if (smallest != null && start - firstFailureNanos + slowestFailureNanos > budget) {
        return; // out of shrinking time: treat as passing so QuickTheories stops here
      }
      try {
        property.run();
      } catch (Throwable t) {
        long end = System.nanoTime();
        slowestFailureNanos = Math.max(slowestFailureNanos, end - start);
        if (smallest == null) {
          firstFailureNanos = end;
        }
        smallest = t;
        smallestExample =
            example.length == 1 ? String.valueOf(example[0]) : Arrays.deepToString(example);
        throw t;
      }
    }
  }

  private static final class RandomSeed {
    static final long VALUE = ThreadLocalRandom.current().nextLong();
  }
}

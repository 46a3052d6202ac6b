package dev.kata.bench;

/**
 * One benchmarked solution at one size, with what it means against the baseline.
 *
 * @param puzzle the puzzle id, such as {@code "10"}
 * @param solution {@code baseline}, {@code reference} or {@code workspace}
 * @param size the size parameter (items for 10, jobs for 06)
 * @param score JMH's average time per call
 * @param error JMH's score error (half the 99.9% confidence interval)
 * @param unit the unit of score and error, such as {@code ms/op}
 * @param speedup the baseline's score divided by this one; NaN without a baseline
 * @param speedupError the error of the speed-up, from both scores' relative errors
 * @param ideal the best speed-up possible here (cores for 10, permits for 06, never more than the
 *     size)
 * @param ofIdeal speedup / ideal; NaN when no speed-up is possible (an ideal of 1)
 */
record Measurement(
    String puzzle,
    String solution,
    int size,
    double score,
    double error,
    String unit,
    double speedup,
    double speedupError,
    int ideal,
    double ofIdeal) {

  Measurement against(Measurement baseline, int ideal) {
    double s = baseline.score() / score;
    double relative =
        Math.sqrt(square(safe(baseline.error()) / baseline.score()) + square(safe(error) / score));
    double of = ideal <= 1 ? Double.NaN : s / ideal;
    return new Measurement(puzzle, solution, size, score, error, unit, s, s * relative, ideal, of);
  }

  private static double safe(double error) {
    return Double.isNaN(error) ? 0 : error;
  }

  private static double square(double x) {
    return x * x;
  }
}

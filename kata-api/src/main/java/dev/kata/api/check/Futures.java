package dev.kata.api.check;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Wait for a solution's futures in checks: bounded by {@link TimeScale}, and failing in the
 * learner's terms when the future never completes or fails.
 *
 * @since 0.1
 */
public final class Futures {

  private Futures() {}

  /**
   * Wait for a future that should complete normally and return its value.
   *
   * @param future the solution's future; null fails the check
   * @param baseMillis how long to wait, before {@link TimeScale} is applied
   * @param invariant the rule, such as "the returned future completes after the last item"
   * @param whenIncomplete describes the situation if the future is still incomplete, such as how
   *     much work had run; called only then
   * @throws org.opentest4j.AssertionFailedError if the future is null, incomplete in time, or
   *     failed
   */
  public static <T> T awaitSuccess(
      Future<T> future, long baseMillis, String invariant, Supplier<String> whenIncomplete) {
    if (future == null) {
      throw Invariant.violated("the method returns a future", "a future", "null");
    }
    long millis = TimeScale.millis(baseMillis);
    try {
      return future.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw Invariant.violated(
          invariant,
          "completed",
          "still incomplete after " + millis + " ms" + whenIncomplete.get());
    } catch (ExecutionException e) {
      throw Invariant.violated(
          "work that never throws completes the future normally",
          "normal completion",
          "completed exceptionally with " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the solution's future", e);
    }
  }

  /**
   * Tell whether {@code expected} itself is in the cause chain of {@code failure}, {@code failure}
   * included: the solution passed the original exception on, not a copy or a description of it.
   */
  public static boolean causedBy(Throwable failure, Throwable expected) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t == expected) {
        return true;
      }
    }
    return false;
  }
}

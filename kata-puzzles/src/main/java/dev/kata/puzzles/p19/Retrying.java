package dev.kata.puzzles.p19;

import dev.kata.api.Sleeper;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Call an operation that may fail, and retry it with exponential backoff, jitter, a per-attempt
 * timeout and a total budget, so that retries neither hammer a failing service nor wait past the
 * time the caller can give.
 *
 * <p>Time is injected. An implementation has a public constructor taking ({@link Sleeper} sleeper,
 * {@link LongSupplier} nanoClock, {@link RandomGenerator} random), and the checks build it with
 * that constructor: it backs off only by {@code sleeper.sleep(delay)} (never {@code Thread.sleep}
 * or any other timed wait), reads elapsed time only from {@code nanoClock} (nanoseconds, like
 * {@code System.nanoTime}), and draws jitter only from {@code random}. A public no-argument
 * constructor gives the real ones.
 */
public interface Retrying {

  /**
   * Call {@code op} until an attempt succeeds, under {@code policy}.
   *
   * <ol>
   *   <li>Each attempt runs {@code op} once, on a thread other than the caller's, and the caller
   *       waits for it at most {@code policy.perAttempt()} of real time. An attempt still running
   *       then is interrupted and has ended before the next step; it failed with a {@link
   *       TimeoutException}, which is retryable whatever {@code policy.retryable()} says.
   *   <li>An attempt that returns ends the call: its value is returned.
   *   <li>An attempt that throws a failure of any kind (checked exception, {@code
   *       RuntimeException}, {@code Error}) for which {@code policy.retryable()} is false ends the
   *       call at once: that very failure is thrown, with no backoff and no further attempt.
   *   <li>After a retryable failure of attempt {@code n} (the first is 0), if attempts remain, back
   *       off by {@code sleeper.sleep(delay)}, then attempt again. The delay is {@code min(c·j,
   *       max)} where {@code c = min(base·2^n, max)} and {@code j} is drawn uniformly from [0.5,
   *       1.5) with {@code random}, to the nanosecond: so every delay lies in {@code [c/2,
   *       min(1.5·c, max)]} and none is ever longer than {@code max}, however many attempts there
   *       are.
   *   <li>The budget: a backoff that would end later than {@code policy.budget()} after the call
   *       began (read on {@code nanoClock}) is not taken; the call gives up instead.
   *   <li>When the attempts run out, or the budget leaves no room for the next backoff, throw
   *       {@link RetriesExhaustedException} carrying every attempt's failure, in order; there is no
   *       backoff after the last attempt.
   *   <li>If the caller is interrupted while it waits for an attempt, the attempt is interrupted
   *       and has ended, and {@link InterruptedException} is thrown. If it is interrupted during a
   *       backoff, {@link InterruptedException} is thrown. Either way there is no further attempt.
   *   <li>Nothing started here outlives the call.
   * </ol>
   *
   * @param op the operation; it responds to interruption
   * @param policy how to retry; not null
   * @return the value of the first attempt that succeeded
   * @throws RetriesExhaustedException if every attempt allowed failed
   * @throws InterruptedException if the caller was interrupted
   * @throws Exception a non-retryable failure of an attempt, itself ({@code Error}s are thrown as
   *     such)
   */
  <T> T call(Callable<T> op, RetryPolicy policy) throws Exception;
}

package p19_retry_backoff;

import dev.kata.api.Sleeper;
import dev.kata.puzzles.p19.RetriesExhaustedException;
import dev.kata.puzzles.p19.RetryPolicy;
import dev.kata.puzzles.p19.Retrying;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * WRONG SOLUTION of puzzle 19: compares the budget with the backoff before jitter, c, not with the
 * delay it then sleeps, min(c·j, max). With j above 1 the backoff ends up to c/2 past the budget;
 * with j below 1 it gives up though the shorter delay would have fitted. With a budget far from the
 * backoffs, as in most tests, nothing shows.
 */
public class Retrier implements Retrying {

  private final Sleeper sleeper;
  private final LongSupplier nanoClock;
  private final RandomGenerator random;

  /** The real thing: Thread.sleep, System.nanoTime, the default random generator. */
  public Retrier() {
    this(Sleeper.system(), System::nanoTime, RandomGenerator.getDefault());
  }

  public Retrier(Sleeper sleeper, LongSupplier nanoClock, RandomGenerator random) {
    this.sleeper = sleeper;
    this.nanoClock = nanoClock;
    this.random = random;
  }

  @Override
  public <T> T call(Callable<T> op, RetryPolicy policy) throws Exception {
    long start = nanoClock.getAsLong();
    // Every failure is kept: when we give up, the caller deserves the whole story, not the last
    // line.
    List<Throwable> failures = new ArrayList<>();
    for (int attempt = 0; ; attempt++) {
      Throwable failure;
      try {
        return attempt(op, policy.perAttempt());
      } catch (ExecutionException e) {
        failure = e.getCause(); // the op's own failure, of whatever kind: Future caught Throwable
        if (!policy.retryable().test(failure)) {
          throw rethrow(failure); // not worth another try: at once, no backoff, the failure itself
        }
      } catch (TimeoutException e) {
        failure = e; // a hung attempt (interrupted by now) is a transient failure: retry it
      }
      failures.add(failure);
      if (attempt + 1 >= policy.maxAttempts()) {
        throw exhausted(policy.maxAttempts() + " attempts failed", failures);
      }
      long elapsed = nanoClock.getAsLong() - start;
      long planned =
          (long) Math.min(policy.base().toNanos() * Math.pow(2, attempt), policy.max().toNanos());
      if (elapsed + planned > policy.budget().toNanos()) { // BUG: the delay slept is jittered
        throw exhausted(
            "the budget of " + policy.budget() + " leaves no time to back off again", failures);
      }
      long delay = backoffNanos(policy, attempt);
      // An interrupt during the backoff throws InterruptedException out of here: the caller asked
      // us
      // to stop, so there is no further attempt and the exception carries the interrupt up.
      sleeper.sleep(Duration.ofNanos(delay));
    }
  }

  /** Run one attempt on a thread of its own, and wait for it at most {@code limit}. */
  private static <T> T attempt(Callable<T> op, Duration limit)
      throws ExecutionException, TimeoutException, InterruptedException {
    // close() at the end of the try waits until the attempt's thread has ended, whichever way we
    // leave: after a timeout or an interrupt, the attempt has been interrupted AND has finished its
    // cleanup before we back off or return. Nothing outlives the call.
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<T> future = executor.submit(op);
      try {
        return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | InterruptedException e) {
        // cancel(true) interrupts the attempt: a timeout or our own interrupt both mean "stop now".
        future.cancel(true);
        throw e;
      }
    }
  }

  /**
   * Backoff n: exponential, capped, then jittered, then capped again. The first cap keeps 2^n from
   * growing without end (computed in double, it cannot overflow a long); the jitter spreads the
   * retries of many clients apart so they do not hit the service in waves; the second cap keeps the
   * jitter from pushing a capped delay past max.
   */
  private long backoffNanos(RetryPolicy policy, int attempt) {
    double cap = policy.max().toNanos();
    double exponential = Math.min(policy.base().toNanos() * Math.pow(2, attempt), cap);
    double jittered = exponential * random.nextDouble(0.5, 1.5);
    return (long) Math.min(jittered, cap);
  }

  private static RetriesExhaustedException exhausted(String why, List<Throwable> failures) {
    RetriesExhaustedException exhausted = new RetriesExhaustedException(why, failures.getLast());
    for (Throwable failure : failures) {
      exhausted.addSuppressed(failure);
    }
    return exhausted;
  }

  /** Throw a failure as it is: an Error as an Error, an Exception as itself. */
  private static Exception rethrow(Throwable failure) {
    if (failure instanceof Error error) {
      throw error;
    }
    return (Exception) failure;
  }
}

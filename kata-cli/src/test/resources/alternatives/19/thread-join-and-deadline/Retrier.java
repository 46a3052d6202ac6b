package p19_retry_backoff;

import dev.kata.api.Sleeper;
import dev.kata.puzzles.p19.RetriesExhaustedException;
import dev.kata.puzzles.p19.RetryPolicy;
import dev.kata.puzzles.p19.Retrying;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A correct solution unlike the reference: each attempt on a virtual thread of its own, bounded
 * with Thread.join(Duration) and stopped with Thread.interrupt(); the budget as a deadline on the
 * clock; the exponential kept as a Duration doubled and capped step by step; the jitter as 0.5 +
 * nextDouble().
 */
public class Retrier implements Retrying {

  private final Sleeper sleeper;
  private final LongSupplier nanoClock;
  private final RandomGenerator random;

  public Retrier() {
    this(Sleeper.system(), System::nanoTime, RandomGenerator.getDefault());
  }

  public Retrier(Sleeper sleeper, LongSupplier nanoClock, RandomGenerator random) {
    this.sleeper = sleeper;
    this.nanoClock = nanoClock;
    this.random = random;
  }

  /** What one attempt did. */
  private static final class Attempt<T> {
    volatile T value;
    volatile Throwable failure;
  }

  @Override
  public <T> T call(Callable<T> op, RetryPolicy policy) throws Exception {
    long deadline = nanoClock.getAsLong() + policy.budget().toNanos();
    List<Throwable> failures = new ArrayList<>();
    Duration exponential = policy.base();
    for (int attempt = 1; ; attempt++) {
      Attempt<T> outcome = runOnce(op, policy.perAttempt());
      Throwable failure = outcome.failure;
      if (failure == null) {
        return outcome.value;
      }
      if (!(failure instanceof TimeoutException) && !policy.retryable().test(failure)) {
        if (failure instanceof Error error) {
          throw error;
        }
        throw (Exception) failure;
      }
      failures.add(failure);
      if (attempt == policy.maxAttempts()) {
        throw giveUp("no attempts left", failures);
      }
      long jittered = (long) (exponential.toNanos() * (0.5 + random.nextDouble()));
      Duration delay = Duration.ofNanos(Math.min(jittered, policy.max().toNanos()));
      if (nanoClock.getAsLong() + delay.toNanos() - deadline > 0) {
        throw giveUp("no budget left", failures);
      }
      sleeper.sleep(delay);
      Duration doubled = exponential.multipliedBy(2);
      exponential = doubled.compareTo(policy.max()) > 0 ? policy.max() : doubled;
    }
  }

  private static <T> Attempt<T> runOnce(Callable<T> op, Duration limit)
      throws InterruptedException {
    Attempt<T> outcome = new Attempt<>();
    Thread worker =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    outcome.value = op.call();
                  } catch (Throwable t) {
                    outcome.failure = t;
                  }
                });
    try {
      if (!worker.join(limit)) {
        worker.interrupt();
        worker.join();
        outcome.failure = new TimeoutException("attempt took longer than " + limit);
      }
    } catch (InterruptedException e) {
      worker.interrupt();
      boolean again = false;
      while (worker.isAlive()) {
        try {
          worker.join();
        } catch (InterruptedException more) {
          again = true;
        }
      }
      if (again) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
    return outcome;
  }

  private static RetriesExhaustedException giveUp(String why, List<Throwable> failures) {
    RetriesExhaustedException exhausted = new RetriesExhaustedException(why, failures.getLast());
    for (Throwable failure : failures) {
      exhausted.addSuppressed(failure);
    }
    return exhausted;
  }
}

package p19_retry_backoff;

import dev.kata.api.Sleeper;
import dev.kata.puzzles.p19.RetryPolicy;
import dev.kata.puzzles.p19.Retrying;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/*
 * Puzzle 19 · Retry with backoff
 *
 * GOAL
 *   Call an operation that may fail, and retry it: exponential backoff with a cap and jitter, a
 *   per-attempt timeout, a total budget, and only the failures worth retrying. Retries must neither
 *   hammer a failing service nor wait past the time the caller can give.
 *
 * THE CONCEPT
 *   A retry loop is made of time: how long to wait before the next try (backoff), how long one try
 *   may take (timeout), how long the whole thing may take (budget). Time you read from
 *   System.nanoTime and wait with Thread.sleep cannot be tested without waiting for it. So here time
 *   is INJECTED: back off with sleeper.sleep(delay), read the clock with nanoClock.getAsLong(), draw
 *   jitter from random. The checks give you a fake clock: a one-hour backoff takes no time at all,
 *   and every delay you choose is seen exactly.
 *   Backoff n (the first failed attempt is n = 0): c = min(base * 2^n, max), then
 *   delay = min(c * j, max) with j drawn uniformly from [0.5, 1.5). The jitter spreads many clients'
 *   retries apart; the cap applies to the jittered delay too.
 *
 * WHAT THE CHECKS PROVE (a fake clock and sleeper; no real sleep anywhere)
 *   - for generated policies and failure sequences: each delay is within [c/2, min(1.5c, max)],
 *     never over the cap, jittered with the random you were given (same seed, same delays);
 *     exactly one backoff between two attempts and none after the last; no more attempts than
 *     maxAttempts; no backoff ending past the budget, and no giving up while one would fit;
 *   - a non-retryable failure (checked, RuntimeException, Error) is thrown itself, at once, no sleep;
 *   - when retries run out, RetriesExhaustedException carries every attempt's failure, in order;
 *   - per-attempt timeout (real time, short): a hung attempt is interrupted at its limit, has ended
 *     before the next one, and counts as retryable whatever the predicate says;
 *   - interrupted during a backoff or while waiting for an attempt: InterruptedException, no further
 *     attempt, the attempt interrupted and ended;
 *   - Thread.sleep (or any real timed wait) instead of the injected sleeper is caught and named.
 *
 * Run:   ./kata run --puzzle 19       Hints:  ./kata hint --puzzle 19 --level 1
 */
public class Retrier implements Retrying {

  private final Sleeper sleeper;
  private final LongSupplier nanoClock;
  private final RandomGenerator random;

  /** The real thing: Thread.sleep, System.nanoTime, the default random generator. */
  public Retrier() {
    this(Sleeper.system(), System::nanoTime, RandomGenerator.getDefault());
  }

  /** The checks build your Retrier with this constructor: keep it. */
  public Retrier(Sleeper sleeper, LongSupplier nanoClock, RandomGenerator random) {
    this.sleeper = sleeper;
    this.nanoClock = nanoClock;
    this.random = random;
  }

  @Override
  public <T> T call(Callable<T> op, RetryPolicy policy) throws Exception {
    // TODO: run each attempt on a thread of its own and wait for it at most policy.perAttempt();
    //       interrupt an attempt that takes longer (it counts as a retryable failure).
    // TODO: a failure policy.retryable() rejects is thrown at once, itself.
    // TODO: between attempts, back off with sleeper.sleep(delay): capped, exponential, jittered.
    // TODO: never take a backoff that would end past policy.budget() (measure with nanoClock).
    // TODO: when you give up, throw RetriesExhaustedException carrying every attempt's failure.
    return op.call();
  }
}

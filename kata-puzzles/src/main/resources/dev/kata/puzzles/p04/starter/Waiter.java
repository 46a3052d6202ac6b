package p04_timeouts;

import dev.kata.puzzles.p04.BoundedWait;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/*
 * Puzzle 04 · Timeouts two ways
 *
 * GOAL
 *   Wait for a task at most a given time, two ways, and when the time is up make sure the task
 *   really stops: interrupted, its cleanup run, its thread gone. A task that throws is a failure,
 *   not a timeout.
 *
 * THE CONCEPT
 *   A timeout bounds how long YOU wait. It does nothing to the task you were waiting for: that task
 *   keeps running, holding its thread and whatever it opened, until someone interrupts it. So a
 *   timeout has two halves: give up waiting, then cancel the loser (and, in the blocking way, wait
 *   until it has ended before you say so).
 *   The trap: cancelling or completing a CompletableFuture does NOT interrupt the thread running
 *   the task. orTimeout / completeOnTimeout end the wait, not the work.
 *
 * WHAT THE CHECKS PROVE (every task is held by the check; only your own limits are timers)
 *   withFuture:
 *   - a result ready within the limit comes back at once; meanwhile the caller blocks (it neither
 *     spins nor sleeps), and the task runs once, on another thread;
 *   - a task that throws (checked exception, RuntimeException, Error) makes withFuture throw
 *     ExecutionException with that very exception as the cause;
 *   - a task that never finishes: an empty Optional, never before the limit and soon after it,
 *     and when withFuture returns the task has been interrupted and its finally has run;
 *   - the caller interrupted while waiting: the task is cancelled and has ended, then
 *     InterruptedException is thrown;
 *   withCompletable:
 *   - it returns at once; the future completes with the result as soon as the task returns;
 *   - a task that throws fails the future with that very exception, never the fallback;
 *   - at the limit (not before) the future completes with the fallback, and the task is
 *     interrupted and ends; cancelling the returned future interrupts the task too;
 *   - the task runs on a thread started for it (not the common pool), which ends with it;
 *   both:
 *   - calls from several threads at once are independent (generated batches of calls);
 *   - nothing you start outlives the task; the caller's interrupt flag is left alone.
 *
 * Run:   ./kata run --puzzle 4        Hints:  ./kata hint --puzzle 4 --level 1
 */
public class Waiter implements BoundedWait {

  @Override
  public <T> Optional<T> withFuture(Callable<T> task, Duration limit)
      throws ExecutionException, InterruptedException {
    // TODO: run the task on a thread of its own (an ExecutorService you close when you are done),
    //       not here on the caller's thread: here, nothing can stop waiting at the limit.
    // TODO: wait at most `limit` for its result (Future.get with a timeout).
    // TODO: when the limit passes, interrupt the task (cancel(true)) and wait until it has ended,
    //       then return Optional.empty(). Do the same if the caller is interrupted, then rethrow.
    try {
      return Optional.of(task.call());
    } catch (Exception e) {
      throw new ExecutionException(e);
    }
  }

  @Override
  public <T> CompletableFuture<T> withCompletable(Callable<T> task, Duration limit, T fallback) {
    // TODO: run the task on a thread of its own and complete a CompletableFuture with its result,
    //       or with its exception (any Throwable).
    // TODO: complete it with the fallback when the limit passes (completeOnTimeout).
    // TODO: when the future completes or is cancelled, interrupt the task if it still runs: the
    //       CompletableFuture will not do that for you.
    return CompletableFuture.supplyAsync(() -> fallback);
  }
}

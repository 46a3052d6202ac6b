package p04_timeouts;

import dev.kata.puzzles.p04.BoundedWait;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reference solution of puzzle 04.
 *
 * <p>A timeout bounds how long the CALLER waits. It does nothing to the task: the task stops only
 * if someone interrupts its thread, and it has stopped only once its finally blocks have run. Both
 * methods below do the three steps: wait at most the limit, interrupt the loser, make sure it
 * ended.
 */
public class Waiter implements BoundedWait {

  @Override
  public <T> Optional<T> withFuture(Callable<T> task, Duration limit)
      throws ExecutionException, InterruptedException {
    // One executor per call, closed by try-with-resources: close() waits until its tasks have
    // ended,
    // so whatever path we leave by (result, failure, timeout, interrupt), the task is over when we
    // return. That is the "nothing outlives the call" rule, and it also makes the timeout honest.
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<T> future = executor.submit(task);
      try {
        // A bounded, blocking wait: the caller's thread parks (TIMED_WAITING) and wakes the moment
        // the task completes, or when the limit passes. No polling, no sleeping.
        return Optional.of(future.get(limit.toNanos(), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        // The caller has waited enough; now stop the task. cancel(true) INTERRUPTS the thread
        // running
        // it; cancel(false) would only mark the future cancelled and let the task run on. We return
        // empty only after close() (end of the try) has seen the interrupted task finish.
        future.cancel(true);
        return Optional.empty();
      } catch (InterruptedException e) {
        // Our caller cancelled us. Pass the cancellation on to the task, then let the exception go:
        // close() still waits for the task (the flag was cleared when get() threw, so close() waits
        // normally instead of giving up).
        future.cancel(true);
        throw e;
      }
      // ExecutionException is not caught: a failure of the task is not a timeout. Its cause is the
      // task's own exception, whatever its kind (FutureTask catches Throwable, Errors included).
    }
  }

  @Override
  public <T> CompletableFuture<T> withCompletable(Callable<T> task, Duration limit, T fallback) {
    CompletableFuture<T> result = new CompletableFuture<>();
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    // THE TRAP: CompletableFuture.supplyAsync(...).completeOnTimeout(...) would complete the future
    // at the limit, but nothing would interrupt the task: cancel() and complete() on a
    // CompletableFuture never touch the thread that runs it. So we run the task ourselves, on a
    // thread of its own, and keep the Future of that thread: it is the handle that can interrupt.
    Future<?> running =
        executor.submit(
            () -> {
              try {
                result.complete(task.call());
              } catch (
                  Throwable
                      failure) { // Throwable, not Exception: an Error must fail the future too
                result.completeExceptionally(failure);
              }
            });
    // No new tasks; the executor's one thread ends when the task does. Nothing outlives the task.
    executor.shutdown();
    // At the limit, complete with the fallback (completeOnTimeout). A task that finished first
    // wins:
    // a CompletableFuture completes once, and later complete() calls are ignored.
    result.completeOnTimeout(fallback, limit.toNanos(), TimeUnit.NANOSECONDS);
    // However the future ends (result, failure, fallback, or cancelled by our caller), stop the
    // task
    // if it is still running. Registered on `result` itself, the very future we return, so that the
    // caller's cancel() reaches it too. On a finished task, cancel(true) does nothing.
    result.whenComplete((value, failure) -> running.cancel(true));
    return result;
  }
}

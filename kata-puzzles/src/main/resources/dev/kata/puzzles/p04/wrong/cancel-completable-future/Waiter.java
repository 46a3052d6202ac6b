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

/*
 * WRONG: cancels the CompletableFuture with cancel(true) when the limit passes,
 * believing that interrupts the task. On a CompletableFuture the flag is ignored: nothing is
 * interrupted, and the task runs on.
 */
public class Waiter implements BoundedWait {

  @Override
  public <T> Optional<T> withFuture(Callable<T> task, Duration limit)
      throws ExecutionException, InterruptedException {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<T> future = executor.submit(task);
      try {
        return Optional.of(future.get(limit.toNanos(), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        future.cancel(true);
        return Optional.empty();
      } catch (InterruptedException e) {
        future.cancel(true);
        throw e;
      }
    }
  }

  @Override
  public <T> CompletableFuture<T> withCompletable(Callable<T> task, Duration limit, T fallback) {
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    CompletableFuture<T> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return task.call();
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            },
            executor);
    executor.shutdown();
    CompletableFuture<T> result =
        running.copy().completeOnTimeout(fallback, limit.toNanos(), TimeUnit.NANOSECONDS);
    result.whenComplete((value, failure) -> running.cancel(true)); // BUG: interrupts nothing
    return result;
  }
}

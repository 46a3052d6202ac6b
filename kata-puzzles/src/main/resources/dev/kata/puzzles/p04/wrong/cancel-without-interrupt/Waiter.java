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
 * WRONG: cancels with cancel(false). That marks the Future cancelled but does not
 * interrupt the running task, so close() then waits forever for a task nobody told to stop.
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
        future.cancel(false); // BUG: "don't interrupt if running": the task runs on
        return Optional.empty();
      } catch (InterruptedException e) {
        future.cancel(false);
        throw e;
      }
    }
  }

  @Override
  public <T> CompletableFuture<T> withCompletable(Callable<T> task, Duration limit, T fallback) {
    CompletableFuture<T> result = new CompletableFuture<>();
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    Future<?> running =
        executor.submit(
            () -> {
              try {
                result.complete(task.call());
              } catch (Throwable failure) {
                result.completeExceptionally(failure);
              }
            });
    executor.shutdown();
    result.completeOnTimeout(fallback, limit.toNanos(), TimeUnit.NANOSECONDS);
    result.whenComplete((value, failure) -> running.cancel(true));
    return result;
  }
}

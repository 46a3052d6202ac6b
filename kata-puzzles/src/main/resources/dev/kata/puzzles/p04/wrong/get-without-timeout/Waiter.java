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
 * WRONG: future.get() with no timeout. A task that never finishes blocks the caller
 * forever: the limit is never even looked at.
 */
public class Waiter implements BoundedWait {

  @Override
  public <T> Optional<T> withFuture(Callable<T> task, Duration limit)
      throws ExecutionException, InterruptedException {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<T> future = executor.submit(task);
      return Optional.of(future.get()); // BUG: waits as long as the task takes, however long
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

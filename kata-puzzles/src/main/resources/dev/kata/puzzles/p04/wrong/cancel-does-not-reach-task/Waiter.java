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
 * WRONG: returns the dependent future of whenComplete instead of the future it
 * watches: the timeout still interrupts the task, but a caller who cancels the returned future
 * cancels only that dependent, and the task runs on.
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
    return result
        .completeOnTimeout(fallback, limit.toNanos(), TimeUnit.NANOSECONDS)
        // BUG: a new future; its cancel goes nowhere
        .whenComplete((value, failure) -> running.cancel(true));
  }
}

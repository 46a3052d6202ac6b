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
 * WRONG: waits for the cancelled task with awaitTermination, but lets an interrupt that
 * arrives during that wait cut it short: withFuture throws while the task is still cleaning up.
 */
public class Waiter implements BoundedWait {

  @Override
  public <T> Optional<T> withFuture(Callable<T> task, Duration limit)
      throws ExecutionException, InterruptedException {
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    Future<T> future = executor.submit(task);
    executor.shutdown();
    try {
      return Optional.of(future.get(limit.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      future.cancel(true);
      // BUG: an interrupt here leaves before the task has ended
      executor.awaitTermination(1, TimeUnit.DAYS);
      return Optional.empty();
    } catch (InterruptedException e) {
      future.cancel(true);
      executor.awaitTermination(1, TimeUnit.DAYS);
      throw e;
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

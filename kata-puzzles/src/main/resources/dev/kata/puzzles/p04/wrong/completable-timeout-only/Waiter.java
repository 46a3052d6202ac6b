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
 * WRONG: completeOnTimeout on supplyAsync, believing the task was stopped. The
 * future does complete with the fallback at the limit, but nothing interrupts the task: it keeps
 * running on a common-pool thread.
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
    // BUG: completeOnTimeout ends the wait, not the task
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return task.call();
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            })
        .completeOnTimeout(fallback, limit.toNanos(), TimeUnit.NANOSECONDS);
  }
}

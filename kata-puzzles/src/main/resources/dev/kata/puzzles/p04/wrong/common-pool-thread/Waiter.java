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
 * WRONG: runs the task on the common pool (supplyAsync with no executor) and, to
 * cancel it, interrupts the pool thread it ran on: a thread it does not own, which outlives the
 * task and may be running someone else's work when the interrupt lands.
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
    java.util.concurrent.atomic.AtomicReference<Thread> runner =
        new java.util.concurrent.atomic.AtomicReference<>();
    // BUG: a shared pool's thread
    CompletableFuture<T> result =
        CompletableFuture.supplyAsync(
            () -> {
              runner.set(Thread.currentThread());
              try {
                return task.call();
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              } finally {
                runner.set(null);
              }
            });
    result.completeOnTimeout(fallback, limit.toNanos(), TimeUnit.NANOSECONDS);
    result.whenComplete(
        (value, failure) -> {
          Thread thread = runner.get();
          if (thread != null) {
            thread.interrupt();
          }
        });
    return result;
  }
}

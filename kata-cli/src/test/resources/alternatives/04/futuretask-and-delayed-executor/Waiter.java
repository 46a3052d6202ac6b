package p04_timeouts;

import dev.kata.puzzles.p04.BoundedWait;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/*
 * A correct solution designed unlike the reference: no ExecutorService at all. A FutureTask runs on
 * a thread of its own; withFuture joins that thread after cancel(true); withCompletable completes
 * with the fallback from CompletableFuture.delayedExecutor and cancels the FutureTask on completion.
 */
public class Waiter implements BoundedWait {

  @Override
  public <T> Optional<T> withFuture(Callable<T> task, Duration limit)
      throws ExecutionException, InterruptedException {
    FutureTask<T> future = new FutureTask<>(task);
    Thread thread = Thread.ofVirtual().start(future);
    boolean done = false;
    try {
      T value = future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
      done = true;
      return Optional.of(value);
    } catch (ExecutionException e) {
      done = true;
      throw e;
    } catch (TimeoutException e) {
      return Optional.empty();
    } finally {
      if (!done) {
        future.cancel(true);
      }
      boolean interrupted = false;
      while (true) {
        try {
          thread.join(); // wait for the end even if interrupted meanwhile
          break;
        } catch (InterruptedException again) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public <T> CompletableFuture<T> withCompletable(Callable<T> task, Duration limit, T fallback) {
    CompletableFuture<T> result = new CompletableFuture<>();
    FutureTask<Void> running =
        new FutureTask<>(
            () -> {
              try {
                result.complete(task.call());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
              return null;
            });
    result.whenComplete((v, e) -> running.cancel(true));
    Thread.ofPlatform().daemon(true).start(running);
    CompletableFuture.delayedExecutor(limit.toNanos(), TimeUnit.NANOSECONDS)
        .execute(() -> result.complete(fallback));
    return result;
  }
}

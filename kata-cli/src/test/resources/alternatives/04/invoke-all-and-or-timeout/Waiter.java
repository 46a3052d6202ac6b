package p04_timeouts;

import dev.kata.puzzles.p04.BoundedWait;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/*
 * A correct solution designed unlike the reference: withFuture uses invokeAll with a timeout
 * (unfinished tasks are cancelled with interruption) on a platform-thread pool closed by
 * try-with-resources; withCompletable watches the task with orTimeout on a future of its own and
 * turns the TimeoutException into the fallback on the future it returns.
 */
public class Waiter implements BoundedWait {

  @Override
  public <T> Optional<T> withFuture(Callable<T> task, Duration limit)
      throws ExecutionException, InterruptedException {
    Future<T> future;
    try (ExecutorService executor = Executors.newFixedThreadPool(1)) {
      future = executor.invokeAll(List.of(task), limit.toNanos(), TimeUnit.NANOSECONDS).get(0);
    }
    try {
      return Optional.of(future.get());
    } catch (CancellationException e) {
      return Optional.empty();
    }
  }

  @Override
  public <T> CompletableFuture<T> withCompletable(Callable<T> task, Duration limit, T fallback) {
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletableFuture<T> watched = new CompletableFuture<>();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    Future<?> running =
        executor.submit(
            () -> {
              try {
                watched.complete(task.call());
              } catch (Throwable t) {
                watched.completeExceptionally(t);
              }
            });
    executor.shutdown();
    watched
        .orTimeout(limit.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete(
            (v, e) -> {
              if (e instanceof TimeoutException) {
                result.complete(fallback);
              } else if (e != null) {
                result.completeExceptionally(e);
              } else {
                result.complete(v);
              }
            });
    result.whenComplete((v, e) -> running.cancel(true));
    return result;
  }
}

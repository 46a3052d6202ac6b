package p02_sequential_vs_concurrent;

import dev.kata.puzzles.p02.FanOut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * VALID: CompletableFutures on a thread-per-task executor; waits for all before reporting a
 * failure; on interrupt, shutdownNow and wait for the tasks to end.
 */
public class ConcurrentFanOut implements FanOut {

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory());
    try {
      List<CompletableFuture<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return task.call();
                  } catch (Exception e) {
                    throw new CompletionException(e);
                  }
                },
                executor));
      }
      // Wait for every task, failed or not, before looking at any result.
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .exceptionally(e -> null)
          .get();
      List<T> results = new ArrayList<>();
      for (CompletableFuture<T> future : futures) {
        // get() unwraps CompletionException: the task's own exception is the cause
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      executor.shutdownNow();
      throw e;
    } finally {
      executor.shutdown();
      boolean interrupted = false;
      while (true) {
        try {
          if (executor.awaitTermination(1, TimeUnit.DAYS)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

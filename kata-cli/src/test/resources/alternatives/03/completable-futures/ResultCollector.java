package p03_ordered_vs_completion;

import dev.kata.puzzles.p03.ResultOrders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * VALID: CompletableFutures on the given executor; completion order from whenComplete into a queue.
 */
public class ResultCollector implements ResultOrders {

  @Override
  public <T> List<T> inInputOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    List<CompletableFuture<T>> futures = tasks.stream().map(task -> start(task, executor)).toList();
    List<T> results = new ArrayList<>();
    for (CompletableFuture<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  @Override
  public <T> List<T> inCompletionOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    BlockingQueue<CompletableFuture<T>> done = new LinkedBlockingQueue<>();
    for (Callable<T> task : tasks) {
      CompletableFuture<T> future = start(task, executor);
      future.whenComplete((value, failure) -> done.add(future));
    }
    List<T> results = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      results.add(done.take().get());
    }
    return results;
  }

  private static <T> CompletableFuture<T> start(Callable<T> task, ExecutorService executor) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return task.call();
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        },
        executor);
  }
}

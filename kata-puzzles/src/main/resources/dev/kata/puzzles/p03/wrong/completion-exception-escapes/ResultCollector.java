package p03_ordered_vs_completion;

import dev.kata.puzzles.p03.ResultOrders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * WRONG: CompletableFuture.join() instead of get(). The orders are right, but a task's failure
 * leaves as an unchecked CompletionException, not the ExecutionException the contract promises, so
 * a caller catching ExecutionException never sees it.
 */
public class ResultCollector implements ResultOrders {

  @Override
  public <T> List<T> inInputOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    List<CompletableFuture<T>> futures = tasks.stream().map(task -> start(task, executor)).toList();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    return futures.stream().map(CompletableFuture::join).toList();
  }

  @Override
  public <T> List<T> inCompletionOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    List<T> results = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<T>> futures =
        tasks.stream()
            .map(
                task ->
                    start(task, executor)
                        .whenComplete(
                            (value, failure) -> {
                              if (failure == null) {
                                results.add(value); // runs as each task completes: completion order
                              }
                            }))
            .toList();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    return new ArrayList<>(results);
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

package p03_ordered_vs_completion;

import dev.kata.puzzles.p03.ResultOrders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Wrong: interrupted while waiting, inCompletionOrder keeps the interrupt flag but returns the
 * results it has so far, so its caller cannot tell a partial list from a complete one.
 */
public class ResultCollector implements ResultOrders {

  @Override
  public <T> List<T> inInputOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    List<T> results = new ArrayList<>(tasks.size());
    for (Future<T> future : executor.invokeAll(tasks)) {
      results.add(future.get());
    }
    return results;
  }

  @Override
  public <T> List<T> inCompletionOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    CompletionService<T> completed = new ExecutorCompletionService<>(executor);
    for (Callable<T> task : tasks) {
      completed.submit(task);
    }
    List<T> results = new ArrayList<>(tasks.size());
    try {
      for (int i = 0; i < tasks.size(); i++) {
        results.add(completed.take().get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // keeps the flag, but hides the cancellation's result
    }
    return results;
  }
}

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
import java.util.concurrent.TimeUnit;

/**
 * WRONG: waits with a timeout. inCompletionOrder polls the completion service for at most 500 ms
 * per result and stops at the first poll that comes back empty, so a slow task's result is silently
 * dropped.
 */
public class ResultCollector implements ResultOrders {

  @Override
  public <T> List<T> inInputOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    List<T> results = new ArrayList<>();
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
    List<T> results = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Future<T> next = completed.poll(500, TimeUnit.MILLISECONDS); // "surely long enough"
      if (next == null) {
        break;
      }
      results.add(next.get());
    }
    return results;
  }
}

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
 * WRONG: skips the tasks that failed. Orders are right, but a task's exception is caught and
 * dropped, so the caller gets a shorter list and never learns that a task failed.
 */
public class ResultCollector implements ResultOrders {

  @Override
  public <T> List<T> inInputOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    List<T> results = new ArrayList<>();
    for (Future<T> future : executor.invokeAll(tasks)) {
      try {
        results.add(future.get());
      } catch (ExecutionException e) {
        // "keep the good ones"
      }
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
      try {
        results.add(completed.take().get());
      } catch (ExecutionException e) {
        // "keep the good ones"
      }
    }
    return results;
  }
}

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
 * Reference solution of puzzle 03.
 *
 * <p>Both methods fork every task first. They differ in how they join: invokeAll hands back the
 * futures in input order; a completion service hands back each future as it completes.
 */
public class ResultCollector implements ResultOrders {

  @Override
  public <T> List<T> inInputOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    // invokeAll submits every task, waits until all are done, and returns their futures in the
    // same order as the tasks. get() cannot block here; it unwraps a result or a task's failure.
    List<T> results = new ArrayList<>(tasks.size());
    for (Future<T> future : executor.invokeAll(tasks)) {
      results.add(future.get());
    }
    return results;
  }

  @Override
  public <T> List<T> inCompletionOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    // The completion service puts each future on a queue at the moment its task completes, so
    // take() yields them in finishing order, not submission order.
    CompletionService<T> completed = new ExecutorCompletionService<>(executor);
    for (Callable<T> task : tasks) {
      completed.submit(task);
    }
    List<T> results = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      results.add(completed.take().get());
    }
    return results;
  }
}

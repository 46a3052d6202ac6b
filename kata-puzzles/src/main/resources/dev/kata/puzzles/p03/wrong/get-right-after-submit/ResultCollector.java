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
 * WRONG: get() right after submit(). The order of results looks right, but each task is waited for
 * before the next starts: nothing runs concurrently, and in completion order "finishing order" is
 * just input order.
 */
public class ResultCollector implements ResultOrders {

  @Override
  public <T> List<T> inInputOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    List<T> results = new ArrayList<>();
    for (Callable<T> task : tasks) {
      results.add(executor.submit(task).get());
    }
    return results;
  }

  @Override
  public <T> List<T> inCompletionOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    return inInputOrder(tasks, executor);
  }
}

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
 * WRONG: a parallel stream. It ignores the executor it was given and runs the tasks on the common
 * pool, only as many at once as the pool has threads (about the number of cores).
 */
public class ResultCollector implements ResultOrders {

  @Override
  public <T> List<T> inInputOrder(List<Callable<T>> tasks, ExecutorService executor) {
    return tasks.parallelStream().map(ResultCollector::call).toList();
  }

  @Override
  public <T> List<T> inCompletionOrder(List<Callable<T>> tasks, ExecutorService executor) {
    List<T> results = java.util.Collections.synchronizedList(new ArrayList<>());
    tasks.parallelStream().forEach(task -> results.add(call(task)));
    return results;
  }

  private static <T> T call(Callable<T> task) {
    try {
      return task.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

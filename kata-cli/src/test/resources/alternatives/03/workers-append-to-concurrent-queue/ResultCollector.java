package p03_ordered_vs_completion;

import dev.kata.puzzles.p03.ResultOrders;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Correct, another design: each task appends its own result as it finishes, to a thread-safe queue,
 * and the caller waits on every future (so a failure still surfaces) before copying it.
 */
public class ResultCollector implements ResultOrders {

  @Override
  public <T> List<T> inInputOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(executor.submit(task));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  @Override
  public <T> List<T> inCompletionOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException {
    Queue<T> finished = new ConcurrentLinkedQueue<>();
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(
          executor.submit(
              () -> {
                T value = task.call();
                finished.add(value);
                return value;
              }));
    }
    for (Future<T> future : futures) {
      future.get();
    }
    return new ArrayList<>(finished);
  }
}

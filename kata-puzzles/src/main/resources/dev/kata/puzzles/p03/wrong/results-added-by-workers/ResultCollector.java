package p03_ordered_vs_completion;

import dev.kata.puzzles.p03.ResultOrders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * WRONG: a data race. inCompletionOrder lets each task append its own result to a plain ArrayList
 * as it finishes, on its pool thread. The order is right, but when two tasks finish at the same
 * moment their two add() calls run at once: both read the same size, write the same slot, and a
 * result is lost (or a null appears).
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
    List<T> results = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(tasks.size());
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(
          executor.submit(
              () -> {
                try {
                  T value = task.call();
                  results.add(value); // several pool threads at once: no lock, no thread-safe list
                  return value;
                } finally {
                  done.countDown();
                }
              }));
    }
    done.await();
    for (Future<T> future : futures) {
      future.get(); // a failure still surfaces as ExecutionException
    }
    return results;
  }
}

package p03_ordered_vs_completion;

import dev.kata.puzzles.p03.ResultOrders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

/** VALID: submit() and get() in order; completion order from FutureTask.done() into a queue. */
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
    BlockingQueue<Future<T>> done = new LinkedBlockingQueue<>();
    for (Callable<T> task : tasks) {
      executor.execute(
          new FutureTask<>(task) {
            @Override
            protected void done() {
              done.add(this); // called once the task has completed, normally or not
            }
          });
    }
    List<T> results = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      results.add(done.take().get());
    }
    return results;
  }
}

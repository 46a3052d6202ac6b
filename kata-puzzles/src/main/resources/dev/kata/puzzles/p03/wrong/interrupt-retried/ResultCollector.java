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
 * WRONG: swallows the interrupt. Both methods catch InterruptedException while waiting and wait
 * again, so the caller cannot cancel them, and the interrupt is lost.
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
      results.add(getIgnoringInterrupts(future));
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
      Future<T> next = null;
      while (next == null) {
        try {
          next = completed.take();
        } catch (InterruptedException e) {
          // "not now": take again
        }
      }
      results.add(next.get());
    }
    return results;
  }

  private static <T> T getIgnoringInterrupts(Future<T> future) throws ExecutionException {
    while (true) {
      try {
        return future.get();
      } catch (InterruptedException e) {
        // "not now": wait again
      }
    }
  }
}

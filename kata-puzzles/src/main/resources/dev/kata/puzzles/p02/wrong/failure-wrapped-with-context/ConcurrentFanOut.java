package p02_sequential_vs_concurrent;

import dev.kata.puzzles.p02.FanOut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Wrong: adds context to a failure by wrapping get()'s ExecutionException in a new one, so the
 * cause the caller sees is the wrapper, and the task's own exception is one level deeper.
 */
public class ConcurrentFanOut implements FanOut {

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = new ArrayList<>(tasks.size());
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(task));
      }
      List<T> results = new ArrayList<>(tasks.size());
      try {
        for (int i = 0; i < futures.size(); i++) {
          try {
            results.add(futures.get(i).get());
          } catch (ExecutionException e) {
            throw new ExecutionException("task " + i + " of " + futures.size() + " failed", e);
          }
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        throw e;
      }
      return results;
    }
  }
}

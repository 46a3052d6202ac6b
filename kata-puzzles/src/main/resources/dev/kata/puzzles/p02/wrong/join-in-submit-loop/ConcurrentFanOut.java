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
 * WRONG: joins inside the submit loop. It looks concurrent (an executor, futures), but get() right
 * after submit() waits for each task before the next one starts.
 */
public class ConcurrentFanOut implements FanOut {

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<T> results = new ArrayList<>();
      for (Callable<T> task : tasks) {
        Future<T> future = executor.submit(task);
        results.add(future.get());
      }
      return results;
    }
  }
}

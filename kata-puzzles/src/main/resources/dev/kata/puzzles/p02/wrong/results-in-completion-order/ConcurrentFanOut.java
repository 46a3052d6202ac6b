package p02_sequential_vs_concurrent;

import dev.kata.puzzles.p02.FanOut;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * WRONG: each task appends its result to a shared (thread-safe) list when it finishes, so the
 * results come back in the order the tasks finished, not in input order.
 */
public class ConcurrentFanOut implements FanOut {

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    List<T> results = Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            executor.submit(
                () -> {
                  results.add(task.call());
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    }
    return new ArrayList<>(results);
  }
}

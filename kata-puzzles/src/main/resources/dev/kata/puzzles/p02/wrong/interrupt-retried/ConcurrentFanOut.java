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
 * WRONG: swallows the interrupt. When the caller is interrupted while waiting for a result, it
 * catches InterruptedException and waits again, so runAll cannot be cancelled.
 */
public class ConcurrentFanOut implements FanOut {

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(task));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        while (true) {
          try {
            results.add(future.get());
            break;
          } catch (InterruptedException e) {
            // "spurious": try again
          }
        }
      }
      return results;
    }
  }
}

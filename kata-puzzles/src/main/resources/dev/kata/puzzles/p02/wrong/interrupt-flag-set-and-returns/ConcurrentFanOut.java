package p02_sequential_vs_concurrent;

import dev.kata.puzzles.p02.FanOut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/*
 * WRONG: interrupted, it cancels the tasks and waits for them (close() does), then only sets the
 * interrupt flag again and returns the results it has so far. That is what ExecutorService.close()
 * itself does when interrupted, but runAll's contract is to throw InterruptedException: a caller
 * handed a short list has no way to tell it from a complete one unless it thinks to look at the
 * flag.
 */
public class ConcurrentFanOut implements FanOut {

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    List<T> results = new ArrayList<>(tasks.size());
    boolean interrupted = false;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = new ArrayList<>(tasks.size());
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(task));
      }
      try {
        for (Future<T> future : futures) {
          results.add(future.get());
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        interrupted = true; // BUG: remembered instead of thrown
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return results;
  }
}

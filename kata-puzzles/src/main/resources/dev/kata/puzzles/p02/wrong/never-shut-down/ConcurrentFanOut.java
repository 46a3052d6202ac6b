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
 * WRONG: never shuts the executor down. Results are right, but the cached pool's threads stay alive
 * after the call (for a minute each), and a new pool per call piles them up.
 */
public class ConcurrentFanOut implements FanOut {

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    ExecutorService executor = Executors.newCachedThreadPool();
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
}

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
 * WRONG: sequential. Each task runs on the caller's thread after the previous one: the sum, not the
 * max.
 */
public class ConcurrentFanOut implements FanOut {

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    List<T> results = new ArrayList<>();
    for (Callable<T> task : tasks) {
      try {
        results.add(task.call());
      } catch (Exception e) {
        throw new ExecutionException(e);
      }
    }
    return results;
  }
}

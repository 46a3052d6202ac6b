package p02_sequential_vs_concurrent;

import dev.kata.puzzles.p02.FanOut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * WRONG: one thread per task, but only Exception is caught. An Error thrown by a task kills its
 * thread silently; its slot stays null and runAll returns as if the task had produced null.
 */
public class ConcurrentFanOut implements FanOut {

  @Override
  @SuppressWarnings("unchecked")
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    Object[] results = new Object[tasks.size()];
    Exception[] failures = new Exception[tasks.size()];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      int index = i;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      results[index] = tasks.get(index).call();
                    } catch (Exception e) { // an Error is not an Exception
                      failures[index] = e;
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join(); // join() makes the writes of the thread visible here
    }
    for (Exception failure : failures) {
      if (failure != null) {
        throw new ExecutionException(failure);
      }
    }
    return (List<T>) Arrays.asList(results);
  }
}

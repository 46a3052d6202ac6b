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
 * Reference solution of puzzle 02.
 *
 * <p>Fork, then join: submit() returns at once, so the first loop starts every task before the
 * second loop waits for any. Elapsed time is then about the slowest task, not the sum.
 */
public class ConcurrentFanOut implements FanOut {

  @Override
  public <T> List<T> runAll(List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    // One virtual thread per task: the tasks mostly wait, and a waiting virtual thread holds no
    // OS thread. close() at the end of the try waits for every task, so nothing outlives the call,
    // on every path: success, a task's failure, an interrupt.
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = new ArrayList<>(tasks.size());
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(task)); // fork: every task is now in flight
      }
      List<T> results = new ArrayList<>(tasks.size());
      try {
        for (Future<T> future : futures) {
          // join, in input order. get() throws ExecutionException with the task's exception as its
          // cause (whatever it was: checked, unchecked or an Error); we let it propagate, and
          // close() still waits for the others. The futures' completion happens-before get()
          // returns, so the results are safely visible here.
          results.add(future.get());
        }
      } catch (InterruptedException e) {
        // We are cancelled: cancel the tasks too. shutdownNow() interrupts them; close() then waits
        // until they have ended, and the InterruptedException tells our caller what happened.
        executor.shutdownNow();
        throw e;
      }
      return results;
    }
  }
}

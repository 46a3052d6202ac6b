package dev.kata.puzzles.p03;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Collect the results of concurrent tasks in two different orders.
 *
 * <p>Both methods submit every task to {@code executor} at once, so all run concurrently, and wait
 * until all have finished, however long that takes. They differ only in the order of the returned
 * results. A task may throw anything: a checked exception, a RuntimeException or an Error.
 */
public interface ResultOrders {

  /**
   * Run the tasks on {@code executor} and return the results in input order: {@code results.get(i)}
   * comes from {@code tasks.get(i)}, whenever it finished.
   *
   * @throws ExecutionException if a task throws; its exception is the cause
   * @throws InterruptedException if interrupted while waiting
   */
  <T> List<T> inInputOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException;

  /**
   * Run the tasks on {@code executor} and return the results in the order the tasks finished: the
   * first result is from the task that finished first.
   *
   * @throws ExecutionException if a task throws; its exception is the cause
   * @throws InterruptedException if interrupted while waiting
   */
  <T> List<T> inCompletionOrder(List<Callable<T>> tasks, ExecutorService executor)
      throws InterruptedException, ExecutionException;
}

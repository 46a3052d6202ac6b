package dev.kata.puzzles.p02;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Run independent tasks at the same time and collect their results.
 *
 * <p>The tasks spend their time waiting (for a network, a disk, another service), not computing.
 * Run one after another they take the sum of their durations; run together, about as long as the
 * slowest one.
 */
public interface FanOut {

  /**
   * Start every task at once, each on its own thread, wait for all of them, and return their
   * results in the order of {@code tasks}.
   *
   * <p>Every task must be in flight at the same time, however many there are: a task may wait for
   * the others. Nothing started here may outlive the call: when it returns or throws, every task
   * has ended.
   *
   * @param tasks the tasks; may be empty
   * @return the results, {@code results.get(i)} from {@code tasks.get(i)}, whatever order the tasks
   *     finished in
   * @throws ExecutionException if a task throws (a checked exception, a RuntimeException or an
   *     Error); its exception is the cause
   * @throws InterruptedException if interrupted while waiting; the tasks still running are then
   *     cancelled (interrupted), and have ended when it is thrown
   */
  <T> List<T> runAll(List<Callable<T>> tasks) throws InterruptedException, ExecutionException;
}

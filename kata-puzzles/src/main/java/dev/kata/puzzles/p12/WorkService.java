package dev.kata.puzzles.p12;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Run submitted work, and stop gracefully: on {@link #shutdown} or when the process is told to stop
 * (SIGTERM), stop accepting work, let the work in flight finish within a grace period, and
 * interrupt what is still running when the grace period is over.
 */
public interface WorkService {

  /**
   * Accept a task and start running it at once, on a thread of its own: an accepted task never
   * waits in a queue behind others. May be called from any thread.
   *
   * @param task the work; it may return, or throw any exception or error
   * @return a future of the task's result, or of what it threw
   * @throws RejectedExecutionException once shutdown has begun; the task then never runs
   */
  <T> Future<T> submit(Callable<T> task);

  /**
   * Shut down gracefully. Stop accepting work at once, then wait for the tasks in flight to end,
   * for at most {@code grace}; interrupt the tasks still running at the end of the grace period
   * (not before), and wait at most another {@code grace} for them to end.
   *
   * <p>Return as soon as every accepted task has ended: do not wait out the grace period when the
   * work is done sooner. A task ends when it returns or throws. When this method returns, every
   * task that honours interrupts has ended, and no thread of this service is left.
   *
   * @param grace how long the work in flight may take to finish; positive
   * @return how many accepted tasks ended before the grace period was over, and how many were still
   *     running at its end and were interrupted
   * @throws InterruptedException if the calling thread is interrupted while waiting; the tasks
   *     still running are then interrupted too before this is thrown
   */
  ShutdownReport shutdown(Duration grace) throws InterruptedException;

  /**
   * Shut down gracefully when the process is told to stop (SIGTERM, Ctrl-C): register a JVM
   * shutdown hook that calls {@code shutdown(grace)}. The hook must not end the JVM itself (no
   * {@code System.exit}, no {@code Runtime.halt}): the JVM ends once its hooks are done, with the
   * status of the signal (143 for SIGTERM).
   *
   * @param grace the grace period the hook passes to {@link #shutdown}; positive
   */
  void installSignalHandling(Duration grace);
}

package dev.kata.puzzles.p04;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Wait for a task at most a given time, and stop the task that lost the race against the clock.
 *
 * <p>Two ways, side by side: a blocking one ({@link java.util.concurrent.Future#get(long,
 * java.util.concurrent.TimeUnit) Future.get} with a timeout, then {@code cancel(true)}) and an
 * asynchronous one ({@link CompletableFuture#completeOnTimeout} / {@link
 * CompletableFuture#orTimeout}). The trap between them: cancelling or completing a {@code
 * CompletableFuture} does not interrupt the thread that runs the task, so a task that "timed out"
 * keeps running unless you interrupt it yourself.
 *
 * <p>The tasks respond to interruption: interrupted while they wait, they run their {@code finally}
 * blocks and throw {@link InterruptedException}. They never return null. Both methods may be called
 * from several threads at once; each call is independent of the others.
 */
public interface BoundedWait {

  /**
   * Run {@code task} on a thread of its own and wait at most {@code limit} for its result.
   *
   * <ol>
   *   <li>The task runs once, on a thread other than the caller's (if the limit passes before its
   *       thread even started, it may not run at all).
   *   <li>If the task finishes within the limit, return its result, as soon as it is ready.
   *   <li>If the task throws, throw {@link ExecutionException} whose cause is the task's own
   *       exception, a checked exception, a {@code RuntimeException} or an {@code Error} alike: a
   *       failure is not a timeout, and is not hidden.
   *   <li>If the limit passes first, cancel the task by interrupting its thread, wait until it has
   *       ended (its {@code finally} blocks have run), and return an empty {@code Optional}. Never
   *       give up before the limit has passed.
   *   <li>Wait by blocking, neither spinning nor sleeping in a loop.
   *   <li>If the calling thread is interrupted while waiting for the result, cancel the task the
   *       same way, wait until it has ended, and throw {@link InterruptedException}. Interrupted
   *       while waiting for a cancelled task to end, keep waiting for the end, and keep the
   *       interrupt: throw {@link InterruptedException} or return with the interrupt flag set.
   *   <li>Nothing started here outlives the call, and the caller's interrupt flag is left as it was
   *       found.
   * </ol>
   *
   * @param task the task; it responds to interruption and never returns null
   * @param limit how long to wait for it, a positive duration
   * @return the task's result, or empty if the limit passed first
   * @throws ExecutionException if the task threw; its exception is the cause
   * @throws InterruptedException if the caller was interrupted while waiting
   */
  <T> Optional<T> withFuture(Callable<T> task, Duration limit)
      throws ExecutionException, InterruptedException;

  /**
   * Start {@code task} on a thread of its own and return at once a future of its result, bounded by
   * {@code limit}.
   *
   * <ol>
   *   <li>Return without waiting for the task; the task runs once, on a thread other than the
   *       caller's (if the limit passes before its thread even started, it may not run at all).
   *   <li>The future completes with the task's result as soon as it is ready.
   *   <li>If the task throws, the future completes exceptionally with the task's own exception
   *       (checked, {@code RuntimeException} or {@code Error}): {@code get()} throws {@link
   *       ExecutionException} whose cause it is. A failure is not turned into the fallback.
   *   <li>If the limit passes first, the future completes with {@code fallback}, never before the
   *       limit, and the task is interrupted: its {@code finally} blocks run and its thread ends
   *       soon after.
   *   <li>Cancelling the returned future interrupts the task too.
   *   <li>The task's thread is started for this task and ends with it: not a shared pool's thread
   *       such as the common pool's, because interrupting a pool thread may hit whatever it runs
   *       next.
   * </ol>
   *
   * @param task the task; it responds to interruption and never returns null
   * @param limit how long the task may take, a positive duration
   * @param fallback the value the future completes with when the limit passes first
   * @return a future of the task's result or of the fallback
   */
  <T> CompletableFuture<T> withCompletable(Callable<T> task, Duration limit, T fallback);
}

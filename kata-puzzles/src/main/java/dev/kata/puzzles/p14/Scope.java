package dev.kata.puzzles.p14;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A scope that owns the subtasks forked in it: a subtask's failure cancels its siblings, {@link
 * #join()} waits until every subtask has ended, and no subtask's thread outlives the scope.
 *
 * <p>The thread that opened the scope, its owner, forks every subtask, then joins, then closes the
 * scope (with try-with-resources, so it is closed whatever happens). The subtasks respond to
 * interruption: interrupted while they wait, they run their {@code finally} blocks and throw,
 * usually {@link InterruptedException}, sometimes another exception their cleanup raised.
 *
 * <pre>
 * try (Scope&lt;String&gt; scope = scopes.open()) {
 *   Supplier&lt;String&gt; user = scope.fork(() -&gt; fetchUser(id));
 *   Supplier&lt;String&gt; order = scope.fork(() -&gt; fetchOrder(id));
 *   scope.join();                        // both succeeded, or the first failure is thrown
 *   return user.get() + order.get();
 * }
 * </pre>
 *
 * @param <T> the type of the subtasks' results
 */
public interface Scope<T> extends AutoCloseable {

  /**
   * Start {@code task} in a new virtual thread of its own, and return without waiting for it.
   *
   * <p>The returned supplier gives the task's result once {@link #join()} has returned normally; it
   * is not called before.
   *
   * @param task the subtask; it responds to interruption
   * @return the supplier of the subtask's result
   */
  Supplier<T> fork(Callable<? extends T> task);

  /**
   * Wait until every subtask has succeeded, or until one has failed.
   *
   * <ol>
   *   <li>Wait by blocking, as long as the subtasks take: there is no time limit.
   *   <li>When a subtask fails (throws anything: a checked exception, a {@code RuntimeException} or
   *       an {@code Error}), cancel every other subtask still running by interrupting its thread.
   *   <li>Return, normally or by throwing, only when every subtask's thread has ended: not merely
   *       its {@code Future} done, its code finished, {@code finally} blocks included.
   *   <li>If every subtask succeeded, return normally.
   *   <li>Otherwise throw {@link ExecutionException} whose cause is the first failure in time (not
   *       the failure of the first subtask forked, nor the last to fail), the very exception the
   *       subtask threw. Later failures, such as a cancelled sibling's {@code
   *       InterruptedException}, are not the cause.
   *   <li>If the owner is interrupted while join waits for the subtasks, cancel every subtask the
   *       same way, wait until their threads have ended, and throw {@link InterruptedException}.
   *   <li>Interrupted while waiting for cancelled subtasks to end, keep waiting until they have
   *       ended, and keep the interrupt: throw {@link InterruptedException}, or throw the failure
   *       with the owner's interrupt flag set.
   * </ol>
   *
   * @throws ExecutionException if a subtask failed; the first failure is its cause
   * @throws InterruptedException if the owner was interrupted while waiting
   */
  void join() throws ExecutionException, InterruptedException;

  /**
   * Close the scope: cancel every subtask still running by interrupting its thread, and return only
   * when every subtask's thread has ended. After {@link #join()}, nothing is left to cancel.
   *
   * <p>Interrupted while waiting for the subtasks to end, keep waiting, and return with the
   * interrupt flag set. Never throw; closing a closed scope does nothing.
   */
  @Override
  void close();
}

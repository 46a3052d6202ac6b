package dev.kata.puzzles.p15;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Run a batch of tasks concurrently under one of two failure policies: the class you write. It has
 * a no-argument constructor.
 *
 * <p>Both methods start every task at once, each in a thread of its own (never the caller's), and
 * wait by blocking, with no time limit, as long as the tasks take. Neither returns, normally or by
 * throwing, before every task has ended: its code finished, {@code finally} blocks included. The
 * tasks respond to interruption: interrupted while they wait, they run their {@code finally} blocks
 * and throw, usually {@link InterruptedException}, sometimes an exception their cleanup raised.
 *
 * <p>If the caller is interrupted while a method waits, the method cancels every task still running
 * by interrupting its thread, keeps waiting until every task has ended (even if interrupted again),
 * and throws {@link InterruptedException}; {@code failFast}, if a task had failed before, may
 * instead throw its {@link ExecutionException} with the caller's interrupt flag set. An interrupt
 * of the caller is never lost.
 */
public interface FailurePolicies {

  /**
   * Run every task concurrently and return their results, or fail as soon as one task fails.
   *
   * <ol>
   *   <li>If every task succeeds, return their results in input order (the result of {@code
   *       tasks.get(i)} at index {@code i}), whatever order they finished in.
   *   <li>When a task fails (throws anything: a checked exception, a {@code RuntimeException} or an
   *       {@code Error}), cancel every other task still running by interrupting its thread, at
   *       once: do not wait for them to finish on their own.
   *   <li>Then throw {@link ExecutionException} whose cause is the first failure in time (not the
   *       failure of the first task in the list, nor the last to fail), the very exception the task
   *       threw.
   *   <li>Every later failure that is not an {@link InterruptedException}, such as a cancelled
   *       task's cleanup that failed, is added to that {@code ExecutionException} with {@code
   *       addSuppressed}: it is not lost.
   * </ol>
   *
   * @param tasks the tasks, not empty; they respond to interruption
   * @param <T> the type of the results
   * @return the results, in input order
   * @throws ExecutionException if a task failed; the first failure is its cause
   * @throws InterruptedException if the caller was interrupted while waiting
   */
  <T> List<T> failFast(List<Callable<T>> tasks) throws ExecutionException, InterruptedException;

  /**
   * Run every task concurrently to its end, whatever the others do, and report every result and
   * every failure.
   *
   * <ol>
   *   <li>A failure cancels nothing: every other task runs until it returns or fails on its own.
   *   <li>Return when every task has ended: the {@link Outcome}'s results are the values of the
   *       tasks that succeeded, in input order; its failures are the tasks that failed, in input
   *       order, each with its index in {@code tasks} and the very exception it threw (not a
   *       wrapper).
   * </ol>
   *
   * @param tasks the tasks, not empty; they never return null
   * @param <T> the type of the results
   * @return every result and every failure, in input order
   * @throws InterruptedException if the caller was interrupted while waiting
   */
  <T> Outcome<T> collectAll(List<Callable<T>> tasks) throws InterruptedException;
}

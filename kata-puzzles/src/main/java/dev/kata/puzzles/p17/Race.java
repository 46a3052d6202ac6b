package dev.kata.puzzles.p17;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Ask several mirrors for the same thing and take the first answer that succeeds: the class you
 * write. It has a no-argument constructor; each call of {@link #firstSuccess} is independent of the
 * others.
 *
 * <p>A mirror is slow, may fail, and may block until it is interrupted: it responds to interruption
 * by running its {@code finally} blocks and throwing.
 */
public interface Race {

  /**
   * Run every mirror at once and return the value of the first one to succeed.
   *
   * <ol>
   *   <li>Start every mirror at once, each on a thread of its own that this call starts (an
   *       executor or threads the solution owns and ends; the caller's thread runs no mirror).
   *   <li>Wait by blocking, as long as the mirrors take: there is no time limit.
   *   <li>A mirror that fails (throws anything: a checked exception, a {@code RuntimeException} or
   *       an {@code Error}) is not an answer: keep waiting for the others, and cancel nothing.
   *   <li>As soon as a mirror succeeds, its value wins: cancel every other mirror still running by
   *       interrupting its thread, and return the winner's value once every mirror has ended.
   *   <li>Return, or throw, only when every mirror has ended (its code finished, {@code finally}
   *       blocks included), and leave no thread started by this call running.
   *   <li>If every mirror failed, throw {@link ExecutionException} whose cause is the failure of
   *       the first mirror in the list, and to which the failures of the others are added as
   *       suppressed exceptions, in list order (not in the order they failed): each the very
   *       exception the mirror threw, nothing else.
   *   <li>If {@code mirrors} is empty, throw {@link IllegalArgumentException} and start nothing.
   *   <li>If the caller is interrupted while it waits for the mirrors, cancel every mirror the same
   *       way, wait until they have all ended, and throw {@link InterruptedException}.
   *   <li>Interrupted while waiting for cancelled mirrors to end, keep waiting until they have
   *       ended, and keep the interrupt: return the winner's value with the interrupt flag set, or
   *       throw {@link InterruptedException}.
   * </ol>
   *
   * <p>The method declares {@link InterruptedException} because it blocks: a caller that cancels a
   * race must be able to stop it, as {@code ExecutorService.invokeAny} does.
   *
   * @param mirrors the mirrors to race, in the order that decides how failures are reported
   * @param <T> the type of the answer
   * @return the value of the first mirror to succeed, in time
   * @throws ExecutionException if every mirror failed
   * @throws InterruptedException if the caller was interrupted while waiting
   */
  <T> T firstSuccess(List<Callable<T>> mirrors) throws ExecutionException, InterruptedException;
}

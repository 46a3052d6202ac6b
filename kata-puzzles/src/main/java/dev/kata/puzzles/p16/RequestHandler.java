package dev.kata.puzzles.p16;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Binds a request id to the code that works for one request: the request itself, on the calling
 * thread, and the subtasks it hands to an executor, on that executor's threads. A logger reads the
 * id with {@link #currentId()}, so every log line carries the id of the request it belongs to.
 *
 * <pre>
 * handler.handle("r-17", () -&gt; {
 *   log("start");                                         // logged with r-17
 *   Future&lt;String&gt; user = handler.submit(pool, () -&gt; {
 *     log("fetching the user");                           // on a pool thread, logged with r-17
 *     return fetchUser();
 *   });
 *   return user.get();
 * });
 * log("idle");                                            // logged with no id
 * </pre>
 *
 * <p>Many requests run at once, each on a thread of its own, and share the handler and the
 * executors. The executors' threads are reused from one task to the next, from one request to the
 * next; they start with no id bound.
 */
public interface RequestHandler {

  /**
   * Get the request id bound to the calling thread, or null when none is.
   *
   * @return the id of the request the calling thread works for, or null
   */
  String currentId();

  /**
   * Run {@code request} on the calling thread with {@code requestId} bound, and return its result.
   *
   * <ol>
   *   <li>While {@code request} runs, {@link #currentId()} on the calling thread gives {@code
   *       requestId}.
   *   <li>Return what {@code request} returned, or throw what it threw, the very same throwable of
   *       any kind: a checked exception, a {@code RuntimeException} or an {@code Error}.
   *   <li>When {@code handle} returns or throws, the calling thread has the id it had before: none
   *       for a request, the outer request's id for a {@code handle} called inside another.
   * </ol>
   *
   * @param requestId the id to bind, not null
   * @param request the request's work; it runs once
   * @param <T> the type of the result
   * @return what {@code request} returned
   * @throws Exception what {@code request} threw
   */
  <T> T handle(String requestId, Callable<T> request) throws Exception;

  /**
   * Submit {@code subtask} to {@code executor}, carrying the calling thread's request id to it, and
   * return the executor's future without waiting.
   *
   * <ol>
   *   <li>The subtask runs once, on a thread of {@code executor}.
   *   <li>While it runs, {@link #currentId()} there gives the id bound on the calling thread at the
   *       moment {@code submit} was called, or null when none was (called outside any request).
   *   <li>When the subtask ends, normally or by throwing anything, the executor's thread has the id
   *       it had before: a pool thread carries nothing from one task to the next.
   *   <li>The future gives the subtask's result, or an {@code ExecutionException} whose cause is
   *       what it threw.
   * </ol>
   *
   * @param executor where the subtask runs
   * @param subtask the work; it may call {@code submit} or {@code handle} itself
   * @param <T> the type of the result
   * @return the future of the subtask, from {@code executor}
   */
  <T> Future<T> submit(ExecutorService executor, Callable<T> subtask);
}

package p16_context_propagation;

import dev.kata.puzzles.p16.RequestContexts;
import dev.kata.puzzles.p16.RequestHandler;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/*
 * Puzzle 16 · Per-task context
 *
 * GOAL
 *   Write two request handlers with one contract (RequestHandler): handle(id, request) binds the
 *   request id while the request runs on the calling thread; submit(executor, subtask) carries the
 *   submitting thread's id to the subtask on the pool thread; currentId() gives the id bound on the
 *   calling thread, or null. The first handler keeps the id in a ThreadLocal, the second in a
 *   ScopedValue. Every log line carries the id of its own request, and once the work is done no
 *   thread keeps an id: not the request's, not a pool thread, not after a failure.
 *
 * THE CONCEPT
 *   Logging frameworks put the request id in "context" (an MDC) so that every line says which
 *   request it belongs to without passing the id everywhere. Context is per thread. A pool thread
 *   is shared: it runs a task of one request, then one of another. A ThreadLocal left set there
 *   leaks into the next task; an InheritableThreadLocal is copied when a thread is created, and a
 *   pool's threads were created long before the request; a ScopedValue (final in Java 25) is bound
 *   for one call and gone after it, but only on the thread that bound it. Either way, a task must
 *   carry the id from the thread that submits to the thread that runs it, and leave nothing behind.
 *
 * WHAT THE CHECKS PROVE (on both handlers; the check supplies the pools, whose threads are started
 * before any request and reused; the requests and subtasks are held with latches, never timers)
 *   - handle runs the request once on the calling thread, with its id; nothing is bound before or
 *     after;
 *   - submit returns at once; each subtask runs once on a pool thread, sees its request's id, and
 *     its future gives its result;
 *   - four requests at once share two pool threads: every line, from each request and each of its
 *     subtasks, carries that request's own id (every request binds before any logs, every request
 *     submits before any subtask runs);
 *   - one pool thread serves request A, then a task submitted outside any request, then request B:
 *     a probe on that thread between them finds no id left behind;
 *   - a request or a subtask that throws (checked, RuntimeException, Error, InterruptedException):
 *     the very same throwable comes out, and no thread keeps the id;
 *   - handle inside handle gives the outer id back, when the inner returns or throws, on the
 *     request's thread and on a pool thread; a subtask's own subtask, on another pool, has the id.
 *
 * Run it: ./kata run --puzzle 16      Hints: ./kata hint --puzzle 16
 */
public final class RequestHandlers implements RequestContexts {

  @Override
  public RequestHandler threadLocal() {
    return new ThreadLocalHandler();
  }

  @Override
  public RequestHandler scoped() {
    return new ScopedHandler();
  }

  private static final class ThreadLocalHandler implements RequestHandler {

    // TODO: a ThreadLocal<String> holds the id of the request each thread works for.

    @Override
    public String currentId() {
      // TODO: the id bound on this thread, or null.
      return null;
    }

    @Override
    public <T> T handle(String requestId, Callable<T> request) throws Exception {
      // TODO: bind requestId while the request runs; afterwards, the thread has what it had before,
      // however the request ended.
      return request.call();
    }

    @Override
    public <T> Future<T> submit(ExecutorService executor, Callable<T> subtask) {
      // TODO: the pool thread must see this thread's id while the subtask runs, and only then.
      return executor.submit(subtask);
    }
  }

  private static final class ScopedHandler implements RequestHandler {

    // TODO: a ScopedValue<String> holds the id, bound for the duration of a call.

    @Override
    public String currentId() {
      // TODO: the id bound on this thread, or null (without throwing when nothing is bound).
      return null;
    }

    @Override
    public <T> T handle(String requestId, Callable<T> request) throws Exception {
      // TODO: run the request with requestId bound.
      return request.call();
    }

    @Override
    public <T> Future<T> submit(ExecutorService executor, Callable<T> subtask) {
      // TODO: a binding is seen only on the thread that made it: bind it again on the pool thread.
      return executor.submit(subtask);
    }
  }
}

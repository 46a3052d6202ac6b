package p16_context_propagation;

import dev.kata.puzzles.p16.RequestContexts;
import dev.kata.puzzles.p16.RequestHandler;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/*
 * Puzzle 16 · WRONG: static-field
 *
 * The id lives in one static field, saved and restored in a finally, instead of a per-thread
 * variable: every thread sees the same field, so with requests at once each logs under whichever
 * id was stored last.
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

  /**
   * A ThreadLocal stays set on its thread until someone removes it. On a pool thread that lives for
   * the whole program, a value left behind is read by every later task: the next request logs under
   * the previous one's id. So every set() is undone in a finally.
   */
  private static final class ThreadLocalHandler implements RequestHandler {

    private static volatile String current;

    @Override
    public String currentId() {
      return current;
    }

    @Override
    public <T> T handle(String requestId, Callable<T> request) throws Exception {
      return runWith(requestId, request);
    }

    @Override
    public <T> Future<T> submit(ExecutorService executor, Callable<T> subtask) {
      // Read here, on the submitting thread: on the worker, id.get() gives the worker's own value
      // (nothing), and another request may be bound there by the time the task starts. The
      // executor's submit happens-before the task runs, so the worker sees this local's value.
      String captured = current;
      return executor.submit(() -> runWith(captured, subtask));
    }

    private <T> T runWith(String value, Callable<T> task) throws Exception {
      String previous = current;
      current = value;
      try {
        return task.call();
      } finally {
        current = previous;
      }
    }
  }

  /**
   * A ScopedValue is bound by where(...).call(...) for the duration of that call, on that thread,
   * and unbound when it returns or throws: it cannot leak, and a nested binding gives the outer one
   * back by itself. It is not inherited by pool threads (only by StructuredTaskScope's subtasks, a
   * preview in Java 25): a subtask sees it only if the wrapper binds it again there.
   */
  private static final class ScopedHandler implements RequestHandler {

    private final ScopedValue<String> id = ScopedValue.newInstance();

    @Override
    public String currentId() {
      // get() throws where nothing is bound; orElse(null) throws too, since null is no default.
      return id.isBound() ? id.get() : null;
    }

    @Override
    public <T> T handle(String requestId, Callable<T> request) throws Exception {
      return ScopedValue.where(id, requestId).call(request::call);
    }

    @Override
    public <T> Future<T> submit(ExecutorService executor, Callable<T> subtask) {
      // Captured now, on this thread, where the binding is visible; bound again on the worker.
      String captured = currentId();
      return executor.submit(() -> ScopedValue.where(id, captured).call(subtask::call));
    }
  }
}

package p16_context_propagation;

import dev.kata.puzzles.p16.RequestContexts;
import dev.kata.puzzles.p16.RequestHandler;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/*
 * Puzzle 16 · WRONG: scoped-carrier-never-called
 *
 * handle calls ScopedValue.where(...), which only makes a carrier, drops it, and runs the request:
 * nothing is bound. The binding exists only inside the carrier's call(...) or run(...).
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

    private final ThreadLocal<String> id = new ThreadLocal<>();

    @Override
    public String currentId() {
      return id.get();
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
      String captured = id.get();
      return executor.submit(() -> runWith(captured, subtask));
    }

    private <T> T runWith(String value, Callable<T> task) throws Exception {
      // Restore, don't just clear: a handle inside a handle, or a task an executor runs on the
      // caller's own thread, must give the outer id back when it ends.
      String previous = id.get();
      id.set(value);
      try {
        return task.call();
      } finally {
        // In a finally, so an exception or an Error cannot skip it: a failing request is exactly
        // the one whose id would otherwise stay on the thread.
        if (previous == null) {
          id.remove();
        } else {
          id.set(previous);
        }
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
      ScopedValue.where(id, requestId);
      return request.call();
    }

    @Override
    public <T> Future<T> submit(ExecutorService executor, Callable<T> subtask) {
      // Captured now, on this thread, where the binding is visible; bound again on the worker.
      String captured = currentId();
      return executor.submit(() -> ScopedValue.where(id, captured).call(subtask::call));
    }
  }
}

package p16_context_propagation;

import dev.kata.puzzles.p16.RequestContexts;
import dev.kata.puzzles.p16.RequestHandler;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/*
 * WRONG: the ThreadLocal is one static field of RequestHandlers, shared by every threadLocal()
 * handler. Each thread still has its own value, and it is restored in a finally, so one handler
 * alone behaves; but two handlers are not independent: inside handlerA.handle("a", ...),
 * handlerB.currentId() gives "a", and handlerB.handle("b", ...) overwrites handlerA's id on that
 * thread. (The scoped() handler is right: its ScopedValue is an instance field.)
 */
public final class RequestHandlers implements RequestContexts {

  /** "One per thread" is not "one per handler": this is the same variable for every handler. */
  private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

  @Override
  public RequestHandler threadLocal() {
    return new ThreadLocalHandler();
  }

  @Override
  public RequestHandler scoped() {
    return new ScopedHandler();
  }

  private static final class ThreadLocalHandler implements RequestHandler {

    @Override
    public String currentId() {
      return REQUEST_ID.get();
    }

    @Override
    public <T> T handle(String requestId, Callable<T> request) throws Exception {
      return bound(requestId, request);
    }

    @Override
    public <T> Future<T> submit(ExecutorService executor, Callable<T> subtask) {
      String submitter = REQUEST_ID.get();
      return executor.submit(() -> bound(submitter, subtask));
    }

    private static <T> T bound(String value, Callable<T> work) throws Exception {
      String outer = REQUEST_ID.get();
      REQUEST_ID.set(value);
      try {
        return work.call();
      } finally {
        if (outer != null) {
          REQUEST_ID.set(outer);
        } else {
          REQUEST_ID.remove();
        }
      }
    }
  }

  private static final class ScopedHandler implements RequestHandler {

    private final ScopedValue<String> requestId = ScopedValue.newInstance();

    @Override
    public String currentId() {
      return requestId.isBound() ? requestId.get() : null;
    }

    @Override
    public <T> T handle(String id, Callable<T> request) throws Exception {
      return ScopedValue.where(requestId, id).call(request::call);
    }

    @Override
    public <T> Future<T> submit(ExecutorService executor, Callable<T> subtask) {
      String submitter = currentId();
      return executor.submit(() -> ScopedValue.where(requestId, submitter).call(subtask::call));
    }
  }
}

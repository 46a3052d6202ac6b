package p16_context_propagation;

import dev.kata.puzzles.p16.RequestContexts;
import dev.kata.puzzles.p16.RequestHandler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/*
 * A correct alternative: the ThreadLocal holds a stack of ids (push on entry, pop in a finally,
 * the ThreadLocal removed when the stack is empty), the subtask is a named wrapper class, and the
 * ScopedValue handler captures the Carrier itself at submit, not the value.
 */
public final class RequestHandlers implements RequestContexts {

  @Override
  public RequestHandler threadLocal() {
    return new StackHandler();
  }

  @Override
  public RequestHandler scoped() {
    return new CarrierHandler();
  }

  private static final class StackHandler implements RequestHandler {

    private final ThreadLocal<Deque<String>> ids = new ThreadLocal<>();

    @Override
    public String currentId() {
      Deque<String> stack = ids.get();
      return stack == null ? null : stack.peek();
    }

    @Override
    public <T> T handle(String requestId, Callable<T> request) throws Exception {
      return new Bound<>(requestId, request).call();
    }

    @Override
    public <T> Future<T> submit(ExecutorService executor, Callable<T> subtask) {
      String current = currentId();
      Callable<T> task = current == null ? subtask : new Bound<>(current, subtask);
      return executor.submit(task);
    }

    private final class Bound<T> implements Callable<T> {
      private final String id;
      private final Callable<T> task;

      Bound(String id, Callable<T> task) {
        this.id = id;
        this.task = task;
      }

      @Override
      public T call() throws Exception {
        Deque<String> stack = ids.get();
        if (stack == null) {
          stack = new ArrayDeque<>();
          ids.set(stack);
        }
        stack.push(id);
        try {
          return task.call();
        } finally {
          stack.pop();
          if (stack.isEmpty()) {
            ids.remove();
          }
        }
      }
    }
  }

  private static final class CarrierHandler implements RequestHandler {

    private static final ScopedValue<String> ID = ScopedValue.newInstance();

    @Override
    public String currentId() {
      return ID.isBound() ? ID.get() : null;
    }

    @Override
    public <T> T handle(String requestId, Callable<T> request) throws Exception {
      return ScopedValue.where(ID, requestId).call(request::call);
    }

    @Override
    public <T> Future<T> submit(ExecutorService executor, Callable<T> subtask) {
      if (!ID.isBound()) {
        return executor.submit(subtask);
      }
      ScopedValue.Carrier carrier = ScopedValue.where(ID, ID.get());
      return executor.submit(() -> carrier.call(subtask::call));
    }
  }
}

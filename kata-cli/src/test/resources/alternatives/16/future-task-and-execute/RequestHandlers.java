package p16_context_propagation;

import dev.kata.puzzles.p16.RequestContexts;
import dev.kata.puzzles.p16.RequestHandler;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/*
 * A correct alternative: submit builds its own FutureTask and hands it to execute(); the
 * ThreadLocal is always set back to the previous value, null included (an entry holding null is
 * no id); the ScopedValue handler binds with run() and a holder for the result.
 */
public final class RequestHandlers implements RequestContexts {

  @Override
  public RequestHandler threadLocal() {
    ThreadLocal<String> id = new ThreadLocal<>();
    return new RequestHandler() {
      @Override
      public String currentId() {
        return id.get();
      }

      @Override
      public <T> T handle(String requestId, Callable<T> request) throws Exception {
        String before = id.get();
        id.set(requestId);
        try {
          return request.call();
        } finally {
          id.set(before);
        }
      }

      @Override
      public <T> Future<T> submit(ExecutorService executor, Callable<T> subtask) {
        String submitter = id.get();
        FutureTask<T> task =
            new FutureTask<>(
                () -> {
                  String before = id.get();
                  id.set(submitter);
                  try {
                    return subtask.call();
                  } finally {
                    id.set(before);
                  }
                });
        executor.execute(task);
        return task;
      }
    };
  }

  @Override
  public RequestHandler scoped() {
    ScopedValue<String> id = ScopedValue.newInstance();
    return new RequestHandler() {
      @Override
      public String currentId() {
        return id.isBound() ? id.get() : null;
      }

      @Override
      public <T> T handle(String requestId, Callable<T> request) throws Exception {
        return ScopedValue.where(id, requestId).call(request::call);
      }

      @Override
      public <T> Future<T> submit(ExecutorService executor, Callable<T> subtask) {
        String submitter = currentId();
        FutureTask<T> task =
            new FutureTask<>(() -> ScopedValue.where(id, submitter).call(subtask::call));
        executor.execute(task);
        return task;
      }
    };
  }
}

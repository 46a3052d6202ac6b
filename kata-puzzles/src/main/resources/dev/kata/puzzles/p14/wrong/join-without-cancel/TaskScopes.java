package p14_structured_scope;

import dev.kata.puzzles.p14.Scope;
import dev.kata.puzzles.p14.Scopes;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/*
 * WRONG: a failure cancels nothing. join() waits for every subtask (close() waits for
 * all of them), so when one fails while a sibling blocks until cancelled, join waits forever.
 */
public final class TaskScopes implements Scopes {

  @Override
  public <T> Scope<T> open() {
    return new TaskScope<>();
  }

  private static final class TaskScope<T> implements Scope<T> {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    @Override
    public Supplier<T> fork(Callable<? extends T> task) {
      Future<T> future =
          executor.submit(
              () -> {
                try {
                  return task.call();
                } catch (Throwable failure) {
                  // remembered, but the siblings are left running
                  firstFailure.compareAndSet(null, failure);
                  throw failure;
                }
              });
      return future::resultNow;
    }

    @Override
    public void join() throws ExecutionException, InterruptedException {
      executor.close();
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (firstFailure.get() != null) {
        throw new ExecutionException(firstFailure.get());
      }
    }

    @Override
    public void close() {
      executor.shutdownNow();
      executor.close();
    }
  }
}

package p14_structured_scope;

import dev.kata.puzzles.p14.Scope;
import dev.kata.puzzles.p14.Scopes;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/*
 * WRONG: an interrupted join rethrows InterruptedException at once: the subtasks are
 * neither cancelled nor waited for, and they are still running when join has thrown.
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
                  if (firstFailure.compareAndSet(null, failure)) {
                    executor.shutdownNow();
                  }
                  throw failure;
                }
              });
      return future::resultNow;
    }

    @Override
    public void join() throws ExecutionException, InterruptedException {
      executor.shutdown();
      // an interrupt leaves here at once, cancelling nothing
      executor.awaitTermination(365, TimeUnit.DAYS);
      Throwable failure = firstFailure.get();
      if (failure != null) {
        throw new ExecutionException(failure);
      }
    }

    @Override
    public void close() {
      executor.shutdownNow();
      executor.close();
    }
  }
}

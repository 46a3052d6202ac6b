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
 * WRONG: close() cancels the subtasks and waits for them with awaitTermination,
 * but an interrupt ends that wait: close() returns while the cancelled subtasks are still running
 * their cleanup.
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
      executor.close();
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      Throwable failure = firstFailure.get();
      if (failure != null) {
        throw new ExecutionException(failure);
      }
    }

    @Override
    public void close() {
      executor.shutdownNow();
      try {
        executor.awaitTermination(365, TimeUnit.DAYS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the flag is kept, but the wait is over too soon
      }
    }
  }
}

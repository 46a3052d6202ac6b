package p14_structured_scope;

import dev.kata.puzzles.p14.Scope;
import dev.kata.puzzles.p14.Scopes;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/*
 * WRONG: join() has a "safety net": after 5 s it cancels the subtasks and throws. Longer than any
 * test a learner writes would notice, and still wrong: a scope waits as long as its subtasks take;
 * a slow subtask is not a failure, and the caller who wants a deadline sets one around the scope.
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
      boolean ended;
      try {
        // a safety net against a stuck subtask
        ended = executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        executor.shutdownNow();
        executor.close(); // waits for every end, then sets the flag again
        Thread.interrupted();
        throw e;
      }
      if (!ended) {
        executor.shutdownNow();
        executor.close();
        throw new ExecutionException(new TimeoutException("the subtasks took longer than 5 s"));
      }
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

package p14_structured_scope;

import dev.kata.puzzles.p14.Scope;
import dev.kata.puzzles.p14.Scopes;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/*
 * A correct design unlike the reference: the owner does the cancelling. The subtasks only record
 * the first failure; join() waits in timed slices of awaitTermination and, seeing a failure,
 * calls shutdownNow() itself. Timed waits in a loop are still blocking, with no overall limit.
 */
public final class TaskScopes implements Scopes {

  @Override
  public <T> Scope<T> open() {
    return new PollingScope<>();
  }

  private static final class PollingScope<T> implements Scope<T> {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Object lock = new Object();
    private Throwable first; // guarded by lock

    @Override
    public Supplier<T> fork(Callable<? extends T> task) {
      Future<T> future =
          executor.submit(
              () -> {
                try {
                  return task.call();
                } catch (Throwable failure) {
                  synchronized (lock) {
                    if (first == null) {
                      first = failure;
                    }
                  }
                  throw failure;
                }
              });
      return future::resultNow;
    }

    private Throwable failure() {
      synchronized (lock) {
        return first;
      }
    }

    @Override
    public void join() throws ExecutionException, InterruptedException {
      executor.shutdown(); // no more subtasks; the running ones go on
      try {
        while (!executor.awaitTermination(20, TimeUnit.MILLISECONDS)) {
          if (failure() != null) {
            executor.shutdownNow();
          }
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        boolean ended = false;
        while (!ended) {
          try {
            ended = executor.awaitTermination(1, TimeUnit.DAYS);
          } catch (InterruptedException again) {
            // keep waiting for the cancelled subtasks; e is thrown below
          }
        }
        throw e;
      }
      Throwable failure = failure();
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

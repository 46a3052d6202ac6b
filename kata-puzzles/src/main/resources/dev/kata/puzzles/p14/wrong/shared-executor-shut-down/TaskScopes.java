package p14_structured_scope;

import dev.kata.puzzles.p14.Scope;
import dev.kata.puzzles.p14.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/*
 * WRONG: one static virtual-thread executor serves every scope. A failure cancels the
 * siblings with shutdownNow(), which interrupts every thread of that executor: the subtasks of every
 * other scope too. And once shut down, it accepts no subtask of any later scope.
 */
public final class TaskScopes implements Scopes {

  @Override
  public <T> Scope<T> open() {
    return new TaskScope<>();
  }

  private static final class TaskScope<T> implements Scope<T> {

    private static final ExecutorService SHARED = Executors.newVirtualThreadPerTaskExecutor();

    private final List<Future<T>> futures = new ArrayList<>();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    @Override
    public Supplier<T> fork(Callable<? extends T> task) {
      Future<T> future =
          SHARED.submit(
              () -> {
                try {
                  return task.call();
                } catch (Throwable t) {
                  if (firstFailure.compareAndSet(null, t)) {
                    SHARED.shutdownNow();
                  }
                  throw t;
                }
              });
      futures.add(future);
      return future::resultNow;
    }

    @Override
    public void join() throws ExecutionException, InterruptedException {
      for (Future<T> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          // reported below
        }
      }
      if (firstFailure.get() != null) {
        SHARED.awaitTermination(1, TimeUnit.DAYS);
        throw new ExecutionException(firstFailure.get());
      }
    }

    @Override
    public void close() {
      futures.forEach(f -> f.cancel(true));
    }
  }
}

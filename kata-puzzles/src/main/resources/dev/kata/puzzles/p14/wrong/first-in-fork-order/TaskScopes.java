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
import java.util.function.Supplier;

/*
 * WRONG: after every subtask has ended, join looks for the first FAILED Future in fork
 * order. A sibling forked before the failing subtask, and cancelled because of it, failed too (with
 * InterruptedException, or in its cleanup): it comes first in fork order and hides the real cause.
 */
public final class TaskScopes implements Scopes {

  @Override
  public <T> Scope<T> open() {
    return new TaskScope<>();
  }

  private static final class TaskScope<T> implements Scope<T> {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<T>> futures = new ArrayList<>();

    @Override
    public Supplier<T> fork(Callable<? extends T> task) {
      Future<T> future =
          executor.submit(
              () -> {
                try {
                  return task.call();
                } catch (Throwable t) {
                  executor.shutdownNow();
                  throw t;
                }
              });
      futures.add(future);
      return future::resultNow;
    }

    @Override
    public void join() throws ExecutionException, InterruptedException {
      executor.close();
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      for (Future<T> future : futures) {
        if (future.state() == Future.State.FAILED) {
          throw new ExecutionException(future.exceptionNow());
        }
      }
    }

    @Override
    public void close() {
      executor.shutdownNow();
      executor.close();
    }
  }
}

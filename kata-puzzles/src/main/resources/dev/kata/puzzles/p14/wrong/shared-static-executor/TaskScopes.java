package p14_structured_scope;

import dev.kata.puzzles.p14.Scope;
import dev.kata.puzzles.p14.Scopes;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/*
 * WRONG: one static cached thread pool serves every scope and is never closed: the
 * subtasks run on platform threads that nobody owns, which outlive every scope, and a cancelled
 * subtask's Future is done before its thread has finished.
 */
public final class TaskScopes implements Scopes {

  @Override
  public <T> Scope<T> open() {
    return new TaskScope<>();
  }

  private static final class TaskScope<T> implements Scope<T> {

    // One pool for every scope: cheaper, it seemed. Nobody owns it, so nobody may shut it down.
    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    private final List<Future<T>> futures = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final CountDownLatch failed = new CountDownLatch(1);

    @Override
    public Supplier<T> fork(Callable<? extends T> task) {
      Future<T> future =
          POOL.submit(
              () -> {
                try {
                  return task.call();
                } catch (Throwable t) {
                  if (firstFailure.compareAndSet(null, t)) {
                    futures.forEach(f -> f.cancel(true));
                    failed.countDown();
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
        } catch (ExecutionException | CancellationException e) {
          break;
        }
      }
      if (firstFailure.get() != null) {
        throw new ExecutionException(firstFailure.get());
      }
    }

    @Override
    public void close() {
      futures.forEach(f -> f.cancel(true));
    }
  }
}

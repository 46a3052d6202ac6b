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
 * WRONG: the siblings are cancelled with cancel(false), which marks their Futures
 * cancelled but interrupts nothing: join sees every Future done and throws, while the siblings keep
 * running, blocked, after join has returned.
 */
public final class TaskScopes implements Scopes {

  @Override
  public <T> Scope<T> open() {
    return new TaskScope<>();
  }

  private static final class TaskScope<T> implements Scope<T> {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<T>> futures = new CopyOnWriteArrayList<>();
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
                    for (Future<T> sibling : futures) {
                      sibling.cancel(false);
                    }
                  }
                  throw failure;
                }
              });
      futures.add(future);
      return future::resultNow;
    }

    @Override
    public void join() throws ExecutionException, InterruptedException {
      // every Future done means every subtask ended (it does not)
      for (Future<T> future : futures) {
        try {
          future.get();
        } catch (ExecutionException | CancellationException e) {
          // a failure is reported below, once every future is done
        }
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

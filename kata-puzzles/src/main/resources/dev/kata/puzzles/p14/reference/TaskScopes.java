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
 * Puzzle 14 · Structured concurrency (reference solution)
 *
 * A scope is an ExecutorService of its own, used the way structured concurrency wants it:
 *   - newVirtualThreadPerTaskExecutor() starts a new virtual thread per subtask, and it is a
 *     thread container: close() waits until every thread it started has ended (its code done,
 *     finally blocks included), which Future.get() does not promise;
 *   - the first subtask to fail records itself and calls shutdownNow(), which interrupts every
 *     sibling still running: that is the cancellation;
 *   - join() is close(): it waits for all of them, succeeded, failed or cancelled alike.
 * One executor per scope, never a shared one: shutting a shared executor down would cancel other
 * scopes' subtasks, and never shutting it down leaves nobody who knows when "all" have ended.
 *
 * Happens-before: the first failure is set (compareAndSet) before its subtask's thread ends, and
 * close() returns only after every thread has ended, so join() reads it after close() safely;
 * likewise each Future's result is visible to the owner once close() has returned.
 */
public final class TaskScopes implements Scopes {

  @Override
  public <T> Scope<T> open() {
    return new TaskScope<>();
  }

  private static final class TaskScope<T> implements Scope<T> {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    // Only the first failure in time wins this race; the later ones, often the siblings'
    // InterruptedException caused by the cancellation itself, lose it and are not the cause.
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    @Override
    public Supplier<T> fork(Callable<? extends T> task) {
      Future<T> future =
          executor.submit(
              () -> {
                try {
                  return task.call();
                } catch (Throwable failure) { // Throwable: an Error must cancel the siblings too
                  if (firstFailure.compareAndSet(null, failure)) {
                    executor.shutdownNow(); // interrupt every sibling still running
                  }
                  throw failure;
                }
              });
      // resultNow(): the result of a subtask that succeeded; join() has already waited for it.
      return future::resultNow;
    }

    @Override
    public void join() throws ExecutionException, InterruptedException {
      // Wait until every thread of the scope has ended. Interrupted meanwhile, close() cancels
      // them all (shutdownNow), still waits for every one to end, then sets the flag again.
      executor.close();
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while joining the scope");
      }
      Throwable failure = firstFailure.get();
      if (failure != null) {
        throw new ExecutionException(failure);
      }
    }

    @Override
    public void close() {
      executor.shutdownNow(); // cancel what still runs: nothing, after join()
      executor.close(); // wait for every end; interrupted, keep waiting and keep the flag
    }
  }
}

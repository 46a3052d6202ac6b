package p14_structured_scope;

import dev.kata.puzzles.p14.Scope;
import dev.kata.puzzles.p14.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/*
 * A correct design unlike the reference: no executor at all. Each fork starts a virtual thread
 * with Thread.ofVirtual(); the first failure interrupts the other threads itself; join() and
 * close() wait with Thread.join(), which returns only once a thread has terminated.
 */
public final class TaskScopes implements Scopes {

  @Override
  public <T> Scope<T> open() {
    return new ThreadScope<>();
  }

  private static final class ThreadScope<T> implements Scope<T> {

    private final List<Thread> threads = new ArrayList<>(); // guarded by itself
    private final AtomicReference<Throwable> first = new AtomicReference<>();

    @Override
    public Supplier<T> fork(Callable<? extends T> task) {
      List<T> result = new ArrayList<>(1);
      Thread thread =
          Thread.ofVirtual()
              .unstarted(
                  () -> {
                    try {
                      result.add(task.call()); // read after Thread.join(): happens-before
                    } catch (Throwable failure) {
                      if (first.compareAndSet(null, failure)) {
                        cancelAll();
                      }
                    }
                  });
      synchronized (threads) {
        threads.add(thread);
      }
      thread.start();
      return () -> result.getFirst();
    }

    private void cancelAll() {
      synchronized (threads) {
        for (Thread thread : threads) {
          if (thread != Thread.currentThread()) {
            thread.interrupt();
          }
        }
      }
    }

    private List<Thread> snapshot() {
      synchronized (threads) {
        return List.copyOf(threads);
      }
    }

    /** Wait for every thread to end; return whether an interrupt arrived meanwhile. */
    private boolean awaitAllUninterruptibly() {
      boolean interrupted = false;
      for (Thread thread : snapshot()) {
        while (true) {
          try {
            thread.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      return interrupted;
    }

    @Override
    public void join() throws ExecutionException, InterruptedException {
      try {
        for (Thread thread : snapshot()) {
          thread.join();
        }
      } catch (InterruptedException e) {
        cancelAll();
        awaitAllUninterruptibly();
        throw e;
      }
      Throwable failure = first.get();
      if (failure != null) {
        throw new ExecutionException(failure);
      }
    }

    @Override
    public void close() {
      cancelAll();
      if (awaitAllUninterruptibly()) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

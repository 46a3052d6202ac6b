package p14_structured_scope;

import dev.kata.puzzles.p14.Scope;
import dev.kata.puzzles.p14.Scopes;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * WRONG: a failing subtask interrupts its siblings first and records its own failure after. A
 * sibling woken by that interrupt can record its InterruptedException first, and join then throws
 * the cancel instead of the failure that caused it.
 */
public final class TaskScopes implements Scopes {

  @Override
  public <T> Scope<T> open() {
    return new TaskScope<>();
  }

  private static final class TaskScope<T> implements Scope<T> {

    /** Recorded instead of a failure when the owner cancels the scope. */
    private static final Throwable CANCELLED_BY_OWNER = new Throwable("cancelled by the owner");

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean joined;
    private boolean closed;

    @Override
    public Supplier<T> fork(Callable<? extends T> task) {
      Object[] slot = new Object[1];
      Thread t =
          Thread.ofVirtual()
              .unstarted(
                  () -> {
                    try {
                      slot[0] = task.call();
                    } catch (Throwable e) {
                      // stop the siblings first, as fast as possible, then record the failure
                      if (failure.get() == null) {
                        cancelAll();
                      }
                      failure.compareAndSet(null, e);
                    }
                  });
      threads.add(t);
      t.start();
      if (failure.get() != null) {
        t.interrupt(); // the scope failed while this one was being forked
      }
      return () -> {
        if (!joined) {
          throw new IllegalStateException("join() has not returned normally");
        }
        @SuppressWarnings("unchecked")
        T value = (T) slot[0];
        return value;
      };
    }

    private void cancelAll() {
      Thread me = Thread.currentThread();
      for (Thread t : threads) {
        if (t != me) {
          t.interrupt();
        }
      }
    }

    @Override
    public void join() throws ExecutionException, InterruptedException {
      boolean interrupted = false;
      for (Thread t : threads) {
        while (true) {
          try {
            t.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
            failure.compareAndSet(null, CANCELLED_BY_OWNER);
            cancelAll();
          }
        }
      }
      Throwable f = failure.get();
      if (f == CANCELLED_BY_OWNER) {
        throw new InterruptedException("interrupted while joining");
      }
      if (f != null) {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        throw new ExecutionException(f);
      }
      joined = true;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      cancelAll();
      boolean interrupted = false;
      for (Thread t : threads) {
        while (true) {
          try {
            t.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

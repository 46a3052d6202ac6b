package p12_graceful_shutdown;

import dev.kata.puzzles.p12.ShutdownReport;
import dev.kata.puzzles.p12.WorkService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * WRONG: submit() asks "has shutdown begun?" under the lock, lets go of it, and registers the task
 * under the lock again a moment later. A shutdown() that comes between the two finds nothing in
 * flight and returns; the task is then registered and runs after shutdown() has returned.
 */
public class DrainingService implements WorkService {

  private final Object lock = new Object();
  private final List<Thread> running = new ArrayList<>(); // guarded by lock
  private boolean closed; // guarded by lock
  private boolean graceOver; // guarded by lock
  private int completed; // guarded by lock

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    synchronized (lock) {
      if (closed) {
        throw new RejectedExecutionException("shutting down");
      }
    }
    FutureTask<T> future = new FutureTask<>(task);
    Thread thread = Thread.ofPlatform().name("work").unstarted(() -> run(future));
    synchronized (lock) { // BUG: shutdown() may have come and gone since the check above
      running.add(thread);
    }
    thread.start();
    return future;
  }

  private void run(FutureTask<?> future) {
    try {
      future.run();
    } finally {
      synchronized (lock) {
        running.remove(Thread.currentThread());
        if (!graceOver) {
          completed++;
        }
        lock.notifyAll();
      }
    }
  }

  @Override
  public ShutdownReport shutdown(Duration grace) throws InterruptedException {
    List<Thread> late;
    int done;
    synchronized (lock) {
      closed = true;
      long deadline = System.nanoTime() + grace.toNanos();
      try {
        long left;
        while (!running.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      } catch (InterruptedException e) {
        running.forEach(Thread::interrupt);
        throw e;
      }
      graceOver = true;
      done = completed;
      late = new ArrayList<>(running);
    }
    late.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      for (Thread thread : late) {
        thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      late.forEach(Thread::interrupt);
      throw e;
    }
    return new ShutdownReport(done, late.size());
  }

  @Override
  public void installSignalHandling(Duration grace) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    shutdown(grace);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "graceful-shutdown"));
  }
}

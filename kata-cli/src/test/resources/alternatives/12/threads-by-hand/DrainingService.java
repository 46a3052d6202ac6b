package p12_graceful_shutdown;

import dev.kata.puzzles.p12.ShutdownReport;
import dev.kata.puzzles.p12.WorkService;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A correct design unlike the reference: no executor at all. A thread per task, a set of the
 * running ones under one monitor, and shutdown waits on that monitor with a deadline.
 */
public class DrainingService implements WorkService {

  private final Object lock = new Object();
  private final Set<Thread> running = new HashSet<>();
  private boolean closed;
  private int completed;

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    FutureTask<T> future = new FutureTask<>(task);
    Thread thread =
        Thread.ofPlatform()
            .name("task")
            .unstarted(
                () -> {
                  try {
                    future.run();
                  } finally {
                    synchronized (lock) {
                      running.remove(Thread.currentThread());
                      completed++;
                      lock.notifyAll();
                    }
                  }
                });
    synchronized (lock) {
      if (closed) {
        throw new RejectedExecutionException("the service is shutting down");
      }
      running.add(thread);
    }
    thread.start();
    return future;
  }

  @Override
  public ShutdownReport shutdown(Duration grace) throws InterruptedException {
    synchronized (lock) {
      closed = true;
      try {
        awaitNoneRunning(System.nanoTime() + grace.toNanos());
        if (running.isEmpty()) {
          return new ShutdownReport(completed, 0);
        }
        ShutdownReport report = new ShutdownReport(completed, running.size());
        running.forEach(Thread::interrupt);
        awaitNoneRunning(System.nanoTime() + grace.toNanos());
        return report;
      } catch (InterruptedException e) {
        running.forEach(Thread::interrupt);
        throw e;
      }
    }
  }

  /** Wait on the monitor, which the caller holds, until no task runs or the deadline passes. */
  private void awaitNoneRunning(long deadline) throws InterruptedException {
    while (!running.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.timedWait(lock, left);
    }
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
                }));
  }
}

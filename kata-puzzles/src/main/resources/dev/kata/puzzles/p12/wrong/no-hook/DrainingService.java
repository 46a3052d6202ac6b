package p12_graceful_shutdown;

import dev.kata.puzzles.p12.ShutdownReport;
import dev.kata.puzzles.p12.WorkService;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wrong solution of puzzle 12: shutdown() is right, but installSignalHandling() registers no hook,
 * "since the JVM stops every thread at exit anyway". It does: at SIGTERM the JVM halts at once, and
 * the work in flight dies with it.
 */
public class DrainingService implements WorkService {

  // A cached pool hands each task to an idle thread or a new one at once: nothing waits in a
  // queue. As a ThreadPoolExecutor it also counts what it ran, so the report needs no counters of
  // our own that every task would have to update.
  private final ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newCachedThreadPool();

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return pool.submit(task); // after shutdown() this throws RejectedExecutionException
  }

  @Override
  public ShutdownReport shutdown(Duration grace) throws InterruptedException {
    pool.shutdown(); // from here on, submit() is rejected; the tasks in flight run on
    try {
      // Returns true as soon as the last task has ended: never later than needed.
      if (pool.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
        return new ShutdownReport((int) pool.getCompletedTaskCount(), 0);
      }
      // The grace period is over. Count before interrupting: an interrupted task that ends now
      // did not complete in time. Tasks that throw count as completed: they ended on their own.
      ShutdownReport report =
          new ShutdownReport((int) pool.getCompletedTaskCount(), pool.getActiveCount());
      pool.shutdownNow(); // interrupts every running task
      // Interrupted tasks still have to unwind (finally blocks, closing files): give them time,
      // bounded, since a task that ignores interrupts would otherwise hold us here forever.
      pool.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
      return report;
    } catch (InterruptedException e) {
      // Our caller wants us to stop waiting: then nobody waits for the tasks either, so stop them,
      // and pass the interrupt on by throwing.
      pool.shutdownNow();
      throw e;
    }
  }

  @Override
  public void installSignalHandling(Duration grace) {
    // Nothing to do: the JVM stops every thread when it exits.
  }
}

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
 * Wrong solution of puzzle 12: the shutdown hook drains the work and then calls System.exit(0) "to
 * make sure the JVM ends". exit waits for every hook to finish, this one included: the JVM never
 * exits.
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
    // At SIGTERM the JVM runs its shutdown hooks, then halts: this hook is the only time the work
    // gets. It must not call System.exit: exit waits for all hooks to finish, this one included,
    // so the JVM would hang forever.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    shutdown(grace);
                    System.exit(0);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the hook's thread ends now anyway
                  }
                },
                "graceful-shutdown"));
  }
}

package p12_graceful_shutdown;

import dev.kata.puzzles.p12.ShutdownReport;
import dev.kata.puzzles.p12.WorkService;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A correct design unlike the reference: a virtual thread per task (daemon threads, no pool to
 * size), and counts of its own, kept by a wrapper around each task, since this executor keeps none.
 */
public class DrainingService implements WorkService {

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    running.incrementAndGet();
    try {
      return executor.submit(
          () -> {
            try {
              return task.call();
            } finally {
              completed.incrementAndGet();
              running.decrementAndGet();
            }
          });
    } catch (RejectedExecutionException e) {
      running.decrementAndGet();
      throw e;
    }
  }

  @Override
  public ShutdownReport shutdown(Duration grace) throws InterruptedException {
    executor.shutdown();
    try {
      if (executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return new ShutdownReport(completed.get(), 0);
      }
      ShutdownReport report = new ShutdownReport(completed.get(), running.get());
      executor.shutdownNow();
      executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
      return report;
    } catch (InterruptedException e) {
      executor.shutdownNow();
      throw e;
    }
  }

  @Override
  public void installSignalHandling(Duration grace) {
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      try {
                        shutdown(grace);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
  }
}

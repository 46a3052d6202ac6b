package p12_graceful_shutdown;

import dev.kata.puzzles.p12.ShutdownReport;
import dev.kata.puzzles.p12.WorkService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * WRONG: shutdown gives each task its own get(grace), one after the other. With two tasks stuck,
 * the interrupts come two grace periods after shutdown began, and a task that ends meanwhile is
 * counted as done in time.
 */
public class DrainingService implements WorkService {

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<Future<?>> futures = new ArrayList<>(); // guarded by itself
  private boolean closed; // guarded by futures

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    synchronized (futures) {
      if (closed) {
        throw new RejectedExecutionException("shutting down");
      }
      Future<T> f = pool.submit(task);
      futures.add(f);
      return f;
    }
  }

  @Override
  public ShutdownReport shutdown(Duration grace) throws InterruptedException {
    List<Future<?>> all;
    synchronized (futures) {
      closed = true;
      all = List.copyOf(futures);
    }
    pool.shutdown();
    try {
      // give each task in flight the grace period to finish
      int completed = 0;
      List<Future<?>> late = new ArrayList<>();
      for (Future<?> f : all) {
        if (await(f, grace)) {
          completed++;
        } else {
          late.add(f);
        }
      }
      if (late.isEmpty()) {
        pool.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
        return new ShutdownReport(completed, 0);
      }
      pool.shutdownNow();
      pool.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
      return new ShutdownReport(completed, late.size());
    } catch (InterruptedException e) {
      pool.shutdownNow();
      throw e;
    }
  }

  /** Whether f ended within grace. */
  private static boolean await(Future<?> f, Duration grace) throws InterruptedException {
    try {
      f.get(grace.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException | CancellationException e) {
      return true; // it threw: it ended
    } catch (TimeoutException e) {
      return false;
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
                },
                "draining-service-shutdown"));
  }
}

package p06_semaphore;

import dev.kata.puzzles.p06.Throttle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * WRONG: waits for a permit with a timeout and gives the job up when it expires. While the other
 * jobs are slow, a job that waited "too long" never runs at all; the contract runs every job.
 */
public class BudgetedRunner implements Throttle {

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
      throws InterruptedException {
    List<Future<Object>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Callable<?> job : jobs) {
        futures.add(
            executor.submit(
                () -> {
                  if (!permits.tryAcquire(500, TimeUnit.MILLISECONDS)) {
                    throw new TimeoutException("no permit within 500 ms");
                  }
                  try {
                    return job.call();
                  } finally {
                    permits.release();
                  }
                }));
      }
      List<Throwable> failures = new ArrayList<>();
      for (Future<Object> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
      return failures;
    }
  }
}

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

/**
 * WRONG: the caller acquires a permit after submitting the job. The job is already running when the
 * permit is taken, so with K permits, K + 1 jobs can be in flight.
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
                  try {
                    return job.call();
                  } finally {
                    permits.release();
                  }
                }));
        permits.acquire();
      }
      return collect(futures);
    }
  }

  private static List<Throwable> collect(List<Future<Object>> futures) throws InterruptedException {
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

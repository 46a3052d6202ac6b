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
 * VALID: submit every job, let close() wait for them all (it waits in day-long timed waits, which
 * is waiting as long as it takes), then read the futures, which are all done by then.
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
                  permits.acquire();
                  try {
                    return job.call();
                  } finally {
                    permits.release();
                  }
                }));
      }
    }
    // close() re-asserts an interrupt it received: turn it into the declared exception
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while waiting for the jobs");
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

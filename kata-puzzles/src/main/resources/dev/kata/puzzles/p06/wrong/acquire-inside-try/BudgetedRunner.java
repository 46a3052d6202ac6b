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
 * WRONG: acquire() is inside the try whose finally releases. A job interrupted while it waits for a
 * permit never got one, yet its finally gives one back: the semaphore gains a permit, and from then
 * on one job more than the budget can run.
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
                    permits.acquire();
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

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
 * WRONG: spins on tryAcquire() instead of blocking in acquire(). The limit holds, but every job
 * waiting for a permit burns a core doing nothing, starving the jobs that hold one.
 */
public class BudgetedRunner implements Throttle {

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
      throws InterruptedException {
    List<Future<Object>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newCachedThreadPool()) {
      for (Callable<?> job : jobs) {
        futures.add(
            executor.submit(
                () -> {
                  while (!permits.tryAcquire()) {
                    Thread.onSpinWait();
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

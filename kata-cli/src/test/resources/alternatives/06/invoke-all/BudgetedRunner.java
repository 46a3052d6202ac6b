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
 * VALID: invokeAll on a virtual-thread executor; invokeAll cancels every job if the caller is
 * interrupted.
 */
public class BudgetedRunner implements Throttle {

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
      throws InterruptedException {
    List<Callable<Object>> guarded = new ArrayList<>();
    for (Callable<?> job : jobs) {
      guarded.add(
          () -> {
            permits.acquire();
            try {
              return job.call();
            } finally {
              permits.release();
            }
          });
    }
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Throwable> failures = new ArrayList<>();
      for (Future<Object> future : executor.invokeAll(guarded)) {
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

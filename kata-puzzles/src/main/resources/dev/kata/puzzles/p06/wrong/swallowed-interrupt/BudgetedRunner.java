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
 * WRONG: swallows the caller's interrupt. When the thread calling runAll is interrupted while it
 * waits for the jobs, the InterruptedException is caught and the wait simply goes on, so whoever
 * wanted to cancel runAll can't, and the interrupt flag is lost.
 */
public class BudgetedRunner implements Throttle {

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits) {
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
      List<Throwable> failures = new ArrayList<>();
      for (Future<Object> future : futures) {
        while (true) {
          try {
            future.get();
            break;
          } catch (ExecutionException e) {
            failures.add(e.getCause());
            break;
          } catch (InterruptedException e) {
            // keep waiting: the jobs must finish anyway
          }
        }
      }
      return failures;
    }
  }
}

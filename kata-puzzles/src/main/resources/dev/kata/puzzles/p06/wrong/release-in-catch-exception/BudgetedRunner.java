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
 * WRONG: the permit is given back on success and in catch (Exception e), not in finally. A job that
 * throws an Error (an AssertionError, a StackOverflowError) is no Exception: it skips both releases
 * and its permit is lost for good.
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
                  Object result;
                  try {
                    result = job.call();
                  } catch (Exception e) {
                    permits.release();
                    throw e;
                  }
                  permits.release();
                  return result;
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

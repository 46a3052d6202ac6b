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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WRONG: check-then-act on a counter. Between seeing "running < limit" and incrementing, another
 * thread can see the same thing, and both go in: the limit is only usually respected.
 */
public class BudgetedRunner implements Throttle {

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
      throws InterruptedException {
    int limit = permits.availablePermits();
    AtomicInteger running = new AtomicInteger();
    List<Future<Object>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newCachedThreadPool()) {
      for (Callable<?> job : jobs) {
        futures.add(
            executor.submit(
                () -> {
                  while (running.get() >= limit) {
                    Thread.onSpinWait();
                  }
                  running.incrementAndGet();
                  try {
                    return job.call();
                  } finally {
                    running.decrementAndGet();
                  }
                }));
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

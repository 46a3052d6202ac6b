package p06_semaphore;

import dev.kata.puzzles.p06.Throttle;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * WRONG: shuts the executor down and waits a moment, then returns what has failed so far.
 * shutdown() does not wait for the jobs; when a job is slower than the grace period, runAll returns
 * while it still runs, holds a permit, and may still fail after the list was handed out.
 */
public class BudgetedRunner implements Throttle {

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
      throws InterruptedException {
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    for (Callable<?> job : jobs) {
      executor.execute(
          () -> {
            try {
              permits.acquire();
            } catch (InterruptedException e) {
              failures.add(e);
              return;
            }
            try {
              job.call();
            } catch (Throwable t) {
              failures.add(t);
            } finally {
              permits.release();
            }
          });
    }
    executor.shutdown();
    executor.awaitTermination(1, TimeUnit.SECONDS);
    return List.copyOf(failures);
  }
}

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
 * Reference solution of puzzle 06.
 *
 * <p>Every job gets its own virtual thread at once, and the semaphore, not the thread count, is the
 * budget: a job's first act is to take a permit, its last (in finally) to give it back.
 */
public class BudgetedRunner implements Throttle {

  // MISTAKE: started++ below is a read and a write, not one atomic step
  private volatile int started;

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
      throws InterruptedException {
    List<Future<Object>> futures = new ArrayList<>(jobs.size());
    // close() at the end of the try waits for every job, so nothing outlives the call.
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Callable<?> job : jobs) {
        futures.add(
            executor.submit(
                () -> {
                  // Acquire inside the job, before its work: a job only runs while it holds a
                  // permit.
                  // Waiting here costs nothing: a blocked virtual thread gives its carrier back.
                  permits.acquire();
                  started++;
                  try {
                    return job.call();
                  } finally {
                    // Whatever the job did, thrown exception included, the permit goes back. A
                    // release()
                    // happens-before the acquire() that takes the same permit, so the next job sees
                    // everything this one wrote.
                    permits.release();
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

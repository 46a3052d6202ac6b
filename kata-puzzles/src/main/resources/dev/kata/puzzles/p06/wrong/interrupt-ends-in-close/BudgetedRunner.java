package p06_semaphore;

import dev.kata.puzzles.p06.Throttle;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Wrong: waits for the jobs by closing the executor. Interrupted, close() stops the jobs and waits
 * for them, but then only sets the interrupt flag again: runAll returns a list as if every job had
 * had its turn, instead of throwing InterruptedException.
 */
public class BudgetedRunner implements Throttle {

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
      throws InterruptedException {
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
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
              } catch (Exception | Error e) {
                failures.add(e);
              } finally {
                permits.release();
              }
            });
      }
    }
    return List.copyOf(failures);
  }
}

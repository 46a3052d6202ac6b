package p06_semaphore;

import dev.kata.puzzles.p06.Throttle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/** VALID: runAsync per job on virtual threads, failures in a concurrent queue, allOf to wait. */
public class BudgetedRunner implements Throttle {

  @Override
  public List<Throwable> runAll(List<Callable<?>> jobs, Semaphore permits)
      throws InterruptedException {
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (Callable<?> job : jobs) {
        all.add(
            CompletableFuture.runAsync(
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
                },
                executor));
      }
      try {
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
      } catch (ExecutionException | CompletionException e) {
        throw new IllegalStateException(e);
      }
    }
    return new ArrayList<>(failures);
  }
}

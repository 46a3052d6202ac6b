package p15_fail_fast_vs_collect;

import dev.kata.puzzles.p15.FailurePolicies;
import dev.kata.puzzles.p15.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/*
 * WRONG: get() on each Future in input order: while an earlier task blocks, a later task's
 * failure is not seen, so nothing is cancelled and failFast waits for the blocked task forever.
 */
public final class BatchRunner implements FailurePolicies {

  @Override
  public <T> List<T> failFast(List<Callable<T>> tasks)
      throws ExecutionException, InterruptedException {
    List<Future<T>> futures = new ArrayList<>();
    List<T> results = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(task));
      }
      try {
        for (Future<T> future : futures) {
          // waits for THIS task, however long, before looking at the next
          results.add(future.get());
        }
      } catch (ExecutionException | InterruptedException e) {
        executor.shutdownNow();
        throw e;
      }
    }
    return results;
  }

  @Override
  public <T> Outcome<T> collectAll(List<Callable<T>> tasks) throws InterruptedException {
    List<Future<T>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(task)); // a failure is kept in its Future: it cancels nothing
      }
      // close(): wait for every task, however it ends; interrupted, cancel them all and keep
      // waiting
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while waiting for the tasks");
    }
    List<T> results = new ArrayList<>();
    List<Outcome.Failure> failures = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      Future<T> future = futures.get(i);
      if (future.state() == Future.State.SUCCESS) {
        results.add(future.resultNow());
      } else {
        // exceptionNow() is the task's own exception, not an ExecutionException around it.
        failures.add(new Outcome.Failure(i, future.exceptionNow()));
      }
    }
    return new Outcome<>(results, failures);
  }
}

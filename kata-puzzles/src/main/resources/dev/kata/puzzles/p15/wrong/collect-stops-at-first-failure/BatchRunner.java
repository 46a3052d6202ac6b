package p15_fail_fast_vs_collect;

import dev.kata.puzzles.p15.FailurePolicies;
import dev.kata.puzzles.p15.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/*
 * WRONG: collectAll cancels the other tasks when one fails, as fail-fast does: they never finish
 * their work, and come back as InterruptedException failures.
 */
public final class BatchRunner implements FailurePolicies {

  @Override
  public <T> List<T> failFast(List<Callable<T>> tasks)
      throws ExecutionException, InterruptedException {
    List<Future<T>> futures = new ArrayList<>();
    Future<T> firstFailed = null;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<T> completion = new ExecutorCompletionService<>(executor);
      for (Callable<T> task : tasks) {
        futures.add(completion.submit(task));
      }
      try {
        for (int finished = 0; finished < futures.size(); finished++) {
          Future<T> next = completion.take(); // blocks until the next task finishes, any task
          if (next.state() == Future.State.FAILED) {
            firstFailed = next; // the first failure in time: the first failed future handed over
            executor.shutdownNow(); // cancel the rest: interrupt every task still running
            break;
          }
        }
      } catch (InterruptedException e) {
        // The caller is cancelled: cancel the tasks too. take() cleared the flag, so close() below
        // would otherwise wait for tasks that nobody told to stop.
        executor.shutdownNow();
        throw e; // close() still runs first, and waits until every task has ended
      }
    } // close(): wait until every thread has ended; interrupted, keep waiting and keep the flag
    if (firstFailed == null) {
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.resultNow()); // input order, not completion order
      }
      return results;
    }
    ExecutionException failure = new ExecutionException(firstFailed.exceptionNow());
    for (Future<T> future : futures) {
      // Failures after the first: the cancelled tasks' InterruptedException is noise we caused,
      // but a cleanup that failed is news the caller must not lose.
      if (future != firstFailed
          && future.state() == Future.State.FAILED
          && !(future.exceptionNow() instanceof InterruptedException)) {
        failure.addSuppressed(future.exceptionNow());
      }
    }
    throw failure; // if close() was interrupted meanwhile, the caller's flag is set: not lost
  }

  @Override
  public <T> Outcome<T> collectAll(List<Callable<T>> tasks) throws InterruptedException {
    List<Future<T>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<T> completion = new ExecutorCompletionService<>(executor);
      for (Callable<T> task : tasks) {
        futures.add(completion.submit(task));
      }
      try {
        for (int finished = 0; finished < futures.size(); finished++) {
          if (completion.take().state() == Future.State.FAILED) {
            executor.shutdownNow(); // fail-fast's reflex, in the wrong policy
            break;
          }
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        throw e;
      }
    }
    List<T> results = new ArrayList<>();
    List<Outcome.Failure> failures = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      Future<T> future = futures.get(i);
      if (future.state() == Future.State.SUCCESS) {
        results.add(future.resultNow());
      } else {
        failures.add(new Outcome.Failure(i, future.exceptionNow()));
      }
    }
    return new Outcome<>(results, failures);
  }
}

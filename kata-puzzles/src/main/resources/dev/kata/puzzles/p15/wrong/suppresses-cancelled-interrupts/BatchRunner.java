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
 * WRONG: failFast adds every failure after the first to the ExecutionException's suppressed
 * list, including the InterruptedException of each task it cancelled itself. The contract keeps
 * only the later failures that are not InterruptedException: the interrupts are the cancellation
 * failFast asked for, not news for the caller.
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
      // "Report every failure": each later one, whatever it is.
      if (future != firstFailed && future.state() == Future.State.FAILED) {
        failure.addSuppressed(future.exceptionNow());
      }
    }
    throw failure; // if close() was interrupted meanwhile, the caller's flag is set: not lost
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

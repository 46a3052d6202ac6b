package p15_fail_fast_vs_collect;

import dev.kata.puzzles.p15.FailurePolicies;
import dev.kata.puzzles.p15.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/*
 * WRONG: every failure overwrites the one before, so failFast throws the last failure (often a
 * cancelled sibling's InterruptedException) instead of the first.
 */
public final class BatchRunner implements FailurePolicies {

  @Override
  public <T> List<T> failFast(List<Callable<T>> tasks)
      throws ExecutionException, InterruptedException {
    AtomicReference<Throwable> first = new AtomicReference<>();
    List<Future<T>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Callable<T> task : tasks) {
        try {
          futures.add(
              executor.submit(
                  () -> {
                    try {
                      return task.call();
                    } catch (Throwable failure) {
                      first.set(failure); // every failure replaces the one before
                      executor.shutdownNow();
                      throw failure;
                    }
                  }));
        } catch (RejectedExecutionException e) {
          break; // a task has already failed and shut the executor down
        }
      }
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while waiting for the tasks");
    }
    Throwable failure = first.get();
    if (failure != null) {
      ExecutionException thrown = new ExecutionException(failure);
      throw thrown;
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.resultNow());
    }
    return results;
  }

  @Override
  public <T> Outcome<T> collectAll(List<Callable<T>> tasks) throws InterruptedException {
    List<CompletableFuture<T>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Callable<T> task : tasks) {
        CompletableFuture<T> future = new CompletableFuture<>();
        executor.execute(
            () -> {
              try {
                future.complete(task.call());
              } catch (Throwable t) {
                future.completeExceptionally(t);
              }
            });
        futures.add(future);
      }
      try {
        CompletableFuture.allOf(futures.toArray(CompletableFuture<?>[]::new)).get();
      } catch (ExecutionException someFailed) {
        // collect-all: a failure is an entry of the outcome, not a reason to stop
      } catch (InterruptedException e) {
        executor.shutdownNow();
        throw e;
      }
    }
    List<T> results = new ArrayList<>();
    List<Outcome.Failure> failures = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      CompletableFuture<T> future = futures.get(i);
      if (future.isCompletedExceptionally()) {
        failures.add(new Outcome.Failure(i, future.exceptionNow()));
      } else {
        results.add(future.resultNow());
      }
    }
    return new Outcome<>(results, failures);
  }
}

package p15_fail_fast_vs_collect;

import dev.kata.puzzles.p15.FailurePolicies;
import dev.kata.puzzles.p15.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/*
 * A correct design with no executor at all: one platform thread per task, each reporting its index
 * to a queue when it ends, arrays for the outcomes (published by the queue hand-over and by
 * Thread.join), and cancellation by Thread.interrupt.
 */
public final class BatchRunner implements FailurePolicies {

  private static final class Batch<T> {
    final Object[] values;
    final Throwable[] failures;
    final BlockingQueue<Integer> ended = new LinkedBlockingQueue<>();
    final List<Thread> threads = new ArrayList<>();

    Batch(List<Callable<T>> tasks) {
      values = new Object[tasks.size()];
      failures = new Throwable[tasks.size()];
      for (int i = 0; i < tasks.size(); i++) {
        int index = i;
        Callable<T> task = tasks.get(i);
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        values[index] = task.call();
                      } catch (Throwable t) {
                        failures[index] = t;
                      } finally {
                        ended.add(index);
                      }
                    }));
      }
    }

    void cancel() {
      threads.forEach(Thread::interrupt);
    }

    /** Join every thread; an interrupt cancels the rest, is remembered, and the wait goes on. */
    boolean joinAll(boolean interrupted) {
      for (Thread thread : threads) {
        while (true) {
          try {
            thread.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
            cancel();
          }
        }
      }
      return interrupted;
    }

    @SuppressWarnings("unchecked")
    T value(int i) {
      return (T) values[i];
    }
  }

  @Override
  public <T> List<T> failFast(List<Callable<T>> tasks)
      throws ExecutionException, InterruptedException {
    Batch<T> batch = new Batch<>(tasks);
    int firstFailed = -1;
    boolean interrupted = false;
    try {
      for (int n = 0; n < tasks.size() && firstFailed < 0; n++) {
        int index = batch.ended.take();
        if (batch.failures[index] != null) {
          firstFailed = index;
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (firstFailed >= 0 || interrupted) {
      batch.cancel();
    }
    interrupted = batch.joinAll(interrupted);
    if (firstFailed < 0) {
      if (interrupted) {
        throw new InterruptedException("interrupted while waiting for the tasks");
      }
      List<T> results = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        results.add(batch.value(i));
      }
      return results;
    }
    ExecutionException failure = new ExecutionException(batch.failures[firstFailed]);
    for (int i = 0; i < tasks.size(); i++) {
      Throwable later = batch.failures[i];
      if (i != firstFailed && later != null && !(later instanceof InterruptedException)) {
        failure.addSuppressed(later);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    throw failure;
  }

  @Override
  public <T> Outcome<T> collectAll(List<Callable<T>> tasks) throws InterruptedException {
    Batch<T> batch = new Batch<>(tasks);
    if (batch.joinAll(false)) {
      throw new InterruptedException("interrupted while waiting for the tasks");
    }
    List<T> results = new ArrayList<>();
    List<Outcome.Failure> failures = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      if (batch.failures[i] == null) {
        results.add(batch.value(i));
      } else {
        failures.add(new Outcome.Failure(i, batch.failures[i]));
      }
    }
    return new Outcome<>(results, failures);
  }
}

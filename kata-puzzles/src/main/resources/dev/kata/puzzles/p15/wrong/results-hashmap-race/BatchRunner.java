package p15_fail_fast_vs_collect;

import dev.kata.puzzles.p15.FailurePolicies;
import dev.kata.puzzles.p15.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/*
 * WRONG: one platform thread per task, a CountDownLatch to wait, an AtomicReference to elect the
 * first failure, as a correct solution may; but each task's thread puts its result into one plain
 * HashMap with no lock, under both policies: two tasks that end at the same instant put at once,
 * and a result can be lost.
 */
public final class BatchRunner implements FailurePolicies {

  @Override
  public <T> List<T> failFast(List<Callable<T>> tasks)
      throws ExecutionException, InterruptedException {
    Batch<T> batch = new Batch<>(tasks, true);
    batch.start();
    if (batch.awaitAllEnded()) {
      throw new InterruptedException("interrupted while waiting for the batch");
    }
    Throwable first = batch.firstFailure.get();
    if (first != null) {
      ExecutionException ee = new ExecutionException(first);
      for (Throwable later : batch.laterFailures) {
        if (!(later instanceof InterruptedException)) {
          ee.addSuppressed(later);
        }
      }
      throw ee;
    }
    List<T> out = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      out.add(batch.result(i));
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public <T> Outcome<T> collectAll(List<Callable<T>> tasks) throws InterruptedException {
    Batch<T> batch = new Batch<>(tasks, false);
    batch.start();
    if (batch.awaitAllEnded()) {
      throw new InterruptedException("interrupted while waiting for the batch");
    }
    List<T> results = new ArrayList<>();
    List<Outcome.Failure> failures = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      if (batch.failed[i] != null) {
        failures.add(new Outcome.Failure(i, batch.failed[i]));
      } else {
        results.add(batch.result(i));
      }
    }
    return new Outcome<>(results, failures);
  }

  private static final class Batch<T> {
    final List<Callable<T>> tasks;
    final boolean cancelOnFailure;
    final Thread[] threads;
    final Map<Integer, Object> results = new HashMap<>();
    final Throwable[] failed;
    final CountDownLatch ended;
    final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    final ConcurrentLinkedQueue<Throwable> laterFailures = new ConcurrentLinkedQueue<>();
    volatile boolean cancelled;

    Batch(List<Callable<T>> tasks, boolean cancelOnFailure) {
      this.tasks = List.copyOf(tasks);
      this.cancelOnFailure = cancelOnFailure;
      int n = this.tasks.size();
      threads = new Thread[n];
      failed = new Throwable[n];
      ended = new CountDownLatch(n);
    }

    void start() {
      for (int i = 0; i < threads.length; i++) {
        final int index = i;
        threads[i] = Thread.ofPlatform().name("batch-task-" + i).unstarted(() -> run(index));
      }
      for (Thread t : threads) {
        t.start();
      }
    }

    private void run(int index) {
      try {
        if (cancelled) {
          Thread.currentThread().interrupt();
        }
        results.put(index, tasks.get(index).call());
      } catch (Throwable t) {
        failed[index] = t;
        if (firstFailure.compareAndSet(null, t)) {
          if (cancelOnFailure) {
            cancel();
          }
        } else {
          laterFailures.add(t);
        }
      } finally {
        ended.countDown();
      }
    }

    void cancel() {
      cancelled = true;
      Thread self = Thread.currentThread();
      for (Thread t : threads) {
        if (t != self) {
          t.interrupt();
        }
      }
    }

    /** Waits, with no time limit, for every task; returns whether the caller was interrupted. */
    boolean awaitAllEnded() {
      boolean interrupted = false;
      while (true) {
        try {
          ended.await();
          return interrupted;
        } catch (InterruptedException e) {
          interrupted = true;
          cancel();
        }
      }
    }

    @SuppressWarnings("unchecked")
    T result(int i) {
      return (T) results.get(i);
    }
  }
}

package dev.kata.puzzles.p16;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool the checks hand to the solution: a fixed number of named platform threads, all started
 * before any request, from a thread with nothing bound, so a pool thread starts with no id and
 * inherits none. Its threads are reused from one task to the next, which is what makes a leak
 * certain: the next task on a thread reads whatever the last one left there.
 */
final class CheckPool extends ThreadPoolExecutor implements AutoCloseable {

  private final String name;
  private final Set<Thread> threads = Collections.synchronizedSet(new HashSet<>());

  CheckPool(String name, int size) {
    super(size, size, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    this.name = name;
    AtomicInteger next = new AtomicInteger();
    setThreadFactory(
        task -> {
          Thread thread = new Thread(task, name + "-" + next.incrementAndGet());
          thread.setDaemon(true);
          threads.add(thread);
          return thread;
        });
    prestartAllCoreThreads();
  }

  String name() {
    return name;
  }

  boolean owns(Thread thread) {
    return threads.contains(thread);
  }

  /**
   * Read {@code currentId()} on every thread of the pool, once the tasks queued before have ended:
   * one probe per thread, which wait for each other, so each runs on a different thread.
   *
   * @return the thread's name, and what {@code currentId()} gave there (null when nothing is bound)
   */
  Map<String, String> idsOnEveryThread(RequestHandler handler) throws InterruptedException {
    int size = getCorePoolSize();
    CountDownLatch together = new CountDownLatch(size);
    List<Future<String[]>> probes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      probes.add(
          super.submit(
              () -> {
                together.countDown();
                together.await(TimeScale.millis(10_000), TimeUnit.MILLISECONDS);
                return new String[] {Thread.currentThread().getName(), Log.read(handler)};
              }));
    }
    Map<String, String> ids = new LinkedHashMap<>();
    for (Future<String[]> probe : probes) {
      try {
        String[] seen = probe.get(TimeScale.millis(20_000), TimeUnit.MILLISECONDS);
        ids.put(seen[0], seen[1]);
      } catch (ExecutionException | TimeoutException e) {
        throw Invariant.violated(
            "the check's probe of pool " + name + " runs once the tasks before it" + " have ended",
            "the probe ran",
            "it did not: " + e + " (a task of the solution still occupies the pool thread)");
      }
    }
    return ids;
  }

  /** Require that no thread of the pool carries an id, naming what the last task left behind. */
  void requireNothingBound(String mode, RequestHandler handler, String after)
      throws InterruptedException {
    for (Map.Entry<String, String> seen : idsOnEveryThread(handler).entrySet()) {
      if (seen.getValue() != null) {
        throw Invariant.violated(
            mode + ": a pool thread carries no id once a task has ended on it",
            "no id bound on " + seen.getKey() + " " + after,
            seen.getKey()
                + " still carries "
                + seen.getValue()
                + ": the next task to run there,"
                + " from another request or from none, would log under that id");
      }
    }
  }

  @Override
  public void close() {
    shutdownNow();
    try {
      if (!awaitTermination(TimeScale.millis(10_000), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "the check's pool "
                + name
                + " did not stop: a task of the"
                + " solution ignores interruption");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

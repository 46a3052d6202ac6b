package dev.kata.puzzles.p01;

import dev.kata.api.check.TimeScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A single-threaded event loop for the checks, recording which item or tick ran, in order, and where. */
final class EventLoop implements AutoCloseable {

  /** What ran on or off the loop: an item number, or -1 for the ticker. */
  record Step(int item, String thread, boolean onLoop) {
    static final int TICK = -1;
  }

  private final List<Step> steps = new ArrayList<>();
  private volatile Thread thread;
  final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "event-loop");
    thread = t;
    return t;
  });

  void item(int i) {
    record(i);
  }

  void tick() {
    record(Step.TICK);
  }

  private void record(int what) {
    Thread current = Thread.currentThread();
    synchronized (steps) {
      steps.add(new Step(what, current.getName(), current == thread));
    }
  }

  List<Step> steps() {
    synchronized (steps) {
      return List.copyOf(steps);
    }
  }

  /** Wait until every task queued on the loop so far has run. */
  boolean drain() throws InterruptedException {
    CountDownLatch marker = new CountDownLatch(1);
    executor.execute(marker::countDown);
    return marker.await(TimeScale.millis(3_000), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(TimeScale.scaled(Duration.ofSeconds(2)).toMillis(), TimeUnit.MILLISECONDS);
  }
}

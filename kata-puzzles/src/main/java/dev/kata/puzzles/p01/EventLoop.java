package dev.kata.puzzles.p01;

import dev.kata.api.check.TimeScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A single-threaded event loop for the checks, recording which item or tick ran, in order, where,
 * and in which loop task.
 *
 * <p>The solution gets {@link #executor}, which numbers every task it runs: so a check sees how
 * many items one loop task ran, and knows when the loop is idle with nothing of the solution's
 * queued (then a future still incomplete can never complete).
 */
// "try": close() waits for the loop thread; an interrupt there must fail the check, not be lost.
@SuppressWarnings("try")
final class EventLoop implements AutoCloseable {

  /** What ran on or off the loop: an item number, or -1 for the ticker; the loop task it ran in. */
  record Step(int item, String thread, boolean onLoop, int task) {
    static final int TICK = -1;
  }

  private final List<Step> steps = new ArrayList<>();
  private volatile Thread thread;
  private final ExecutorService service =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "event-loop");
            thread = t;
            return t;
          });

  /** The first exception a task of the solution let escape into the loop, or null. */
  private final AtomicReference<Throwable> escaped = new AtomicReference<>();

  /** Tasks of the solution queued and not yet finished. */
  private final AtomicInteger pending = new AtomicInteger();

  /** The number of the loop task running now; written and read on the loop thread only. */
  private int currentTask;

  private int tasksRun;

  /** The loop as the solution sees it: every task it runs is counted and numbered. */
  final Executor executor =
      command -> {
        pending.incrementAndGet();
        try {
          service.execute(
              () -> {
                currentTask = ++tasksRun;
                try {
                  command.run();
                } catch (Throwable escaped) {
                  // What a real loop does with it: its thread ends (an executor starts another).
                  this.escaped.compareAndSet(null, escaped);
                  throw escaped;
                } finally {
                  currentTask = 0;
                  pending.decrementAndGet();
                }
              });
        } catch (RuntimeException e) {
          pending.decrementAndGet();
          throw e;
        }
      };

  void item(int i) {
    record(i);
  }

  void tick() {
    record(Step.TICK);
  }

  private void record(int what) {
    Thread current = Thread.currentThread();
    boolean onLoop = current == thread;
    synchronized (steps) {
      steps.add(new Step(what, current.getName(), onLoop, onLoop ? currentTask : 0));
    }
  }

  /** The first exception a task of the solution threw out of the loop task, or null. */
  Throwable escaped() {
    return escaped.get();
  }

  List<Step> steps() {
    synchronized (steps) {
      return List.copyOf(steps);
    }
  }

  int stepCount() {
    synchronized (steps) {
      return steps.size();
    }
  }

  /**
   * Hold the loop busy until the returned latch is opened: nothing queued meanwhile runs before.
   */
  CountDownLatch hold() {
    CountDownLatch gate = new CountDownLatch(1);
    service.execute(
        () -> {
          try {
            gate.await(TimeScale.millis(10_000), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    return gate;
  }

  /** Wait until every task queued on the loop so far has run. */
  boolean drain() throws InterruptedException {
    CountDownLatch marker = new CountDownLatch(1);
    service.execute(marker::countDown);
    return marker.await(TimeScale.millis(3_000), TimeUnit.MILLISECONDS);
  }

  /**
   * Wait, bounded, until {@code future} is done. Tell early, and for sure, when it never will be:
   * the loop has run everything queued and none of the solution's tasks is left, yet the future is
   * still incomplete.
   *
   * @return true if done, false if it can never complete (or did not within the limit)
   */
  boolean awaitDone(Future<?> future, long baseMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(baseMillis));
    int idle = 0;
    while (System.nanoTime() < deadline) {
      if (future.isDone()) {
        return true;
      }
      CountDownLatch marker = new CountDownLatch(1);
      int[] pendingSeen = new int[1];
      service.execute(
          () -> {
            // on the loop, between tasks: none of the solution's runs now
            pendingSeen[0] = pending.get();
            marker.countDown();
          });
      if (!marker.await(TimeScale.millis(3_000), TimeUnit.MILLISECONDS)) {
        continue;
      }
      // Two idle looks in a row: a solution completing its future from another thread gets a
      // moment.
      idle = pendingSeen[0] == 0 && !future.isDone() ? idle + 1 : 0;
      if (idle == 2) {
        return future.isDone();
      }
      Thread.sleep(1);
    }
    return future.isDone();
  }

  @Override
  public void close() throws InterruptedException {
    service.shutdownNow();
    service.awaitTermination(
        TimeScale.scaled(Duration.ofSeconds(2)).toMillis(), TimeUnit.MILLISECONDS);
  }
}

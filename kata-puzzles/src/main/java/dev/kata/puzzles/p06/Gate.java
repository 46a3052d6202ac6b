package dev.kata.puzzles.p06;

import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Jobs that run until the check lets them finish, one by one or all at once, so the check chooses
 * the order jobs complete in and the moment the last one ends.
 *
 * <p>A job records, when it starts, whether it holds a permit (permits taken from the semaphore are
 * at least the jobs in flight) and how many are in flight; then it waits, interruptibly, until the
 * check releases it. An interrupted job ends with the InterruptedException, as a real job would.
 */
final class Gate {

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final WatchedSemaphore semaphore;
  private final int jobs;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final boolean[] released;
  private final boolean[] running;
  private final Timeline timeline = new Timeline();
  private boolean open;
  private int inFlight;
  private int maxInFlight;
  private int finished;
  private int lastStarted = -1;
  private String withoutPermit;

  Gate(WatchedSemaphore semaphore, int jobs) {
    this.semaphore = semaphore;
    this.jobs = jobs;
    this.released = new boolean[jobs];
    this.running = new boolean[jobs];
  }

  /**
   * Run the body of job {@code job}: wait to be released, then end, throwing {@code failure} if
   * any.
   */
  void run(int job, Throwable failure) throws Exception {
    Timeline.Span span = timeline.start("job " + job);
    lock.lock();
    try {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      running[job] = true;
      lastStarted = job;
      int taken = semaphore.initial() - semaphore.availablePermits();
      if (taken < inFlight && withoutPermit == null) {
        withoutPermit =
            "job "
                + job
                + " started while "
                + inFlight
                + (inFlight == 1 ? " job was" : " jobs were")
                + " in flight but only "
                + taken
                + " of the semaphore's permits were taken";
      }
      changed.signalAll();
      while (!open && !released[job]) {
        changed.await();
      }
    } finally {
      inFlight--;
      running[job] = false;
      finished++;
      changed.signalAll();
      lock.unlock();
      span.end();
    }
    if (failure instanceof Exception e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  /**
   * Wait, bounded, until as many jobs are in flight as may be and every other unfinished job is
   * queued on the semaphore, or the jobs are seen spinning on tryAcquire().
   *
   * @return whether that state was reached
   */
  boolean awaitSaturated(int permits, long baseMillis) {
    return await(
        baseMillis,
        () -> {
          int left = jobs - finished;
          return inFlight >= Math.min(permits, left)
              && semaphore.getQueueLength() >= left - inFlight;
        });
  }

  /**
   * Wait, bounded, until {@code condition} holds (evaluated under the gate's lock) or the jobs
   * spin.
   */
  boolean await(long baseMillis, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(baseMillis));
    lock.lock();
    try {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || semaphore.spins(jobs)) {
          return false;
        }
        changed.awaitNanos(Math.min(left, POLL_NANOS)); // the semaphore's queue does not signal us
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Let the job that started last among those in flight finish; return it, or -1 if none runs. */
  int releaseLatest() {
    lock.lock();
    try {
      int chosen = -1;
      if (lastStarted >= 0 && running[lastStarted] && !released[lastStarted]) {
        chosen = lastStarted;
      } else {
        for (int i = jobs - 1; i >= 0; i--) {
          if (running[i] && !released[i]) {
            chosen = i;
            break;
          }
        }
      }
      if (chosen >= 0) {
        released[chosen] = true;
        changed.signalAll();
      }
      return chosen;
    } finally {
      lock.unlock();
    }
  }

  /** Let every job, running or still to start, finish at once. */
  void openAll() {
    lock.lock();
    try {
      open = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  int finished() {
    lock.lock();
    try {
      return finished;
    } finally {
      lock.unlock();
    }
  }

  int maxInFlight() {
    lock.lock();
    try {
      return maxInFlight;
    } finally {
      lock.unlock();
    }
  }

  /** Name the jobs running now, such as "job 3 and job 4". */
  String runningJobs() {
    lock.lock();
    try {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < jobs; i++) {
        if (running[i]) {
          out.append(out.isEmpty() ? "" : ", ").append("job ").append(i);
        }
      }
      return out.toString();
    } finally {
      lock.unlock();
    }
  }

  String withoutPermit() {
    lock.lock();
    try {
      return withoutPermit;
    } finally {
      lock.unlock();
    }
  }

  String timeline() {
    return timeline.render();
  }
}

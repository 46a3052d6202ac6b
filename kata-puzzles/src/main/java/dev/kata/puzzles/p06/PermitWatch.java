package dev.kata.puzzles.p06;

import dev.kata.api.check.InFlightCounter;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Watch the jobs of one run against the semaphore the check handed out, and (when holding) keep
 * running jobs in flight until no other job could legally start.
 *
 * <p>Two invariants are checked at the moment a job starts, so no timing is involved:
 *
 * <ul>
 *   <li>a running job holds a permit: permits taken from the semaphore are at least the jobs in
 *       flight; a job that starts without one breaks this at once;
 *   <li>no more jobs in flight than permits.
 * </ul>
 *
 * <p>When holding, a job that started stays in flight while {@code inFlight < min(permits, jobs not
 * finished)}, and then until every job that has not started yet is waiting on the semaphore (its
 * queue length says so). Then nothing else can start legally; whatever starts anyway is caught. A
 * correct solution always gets there, so it never waits for a timer. A wrong solution that never
 * gets there makes the first waiter give up after a scaled timeout, and from then on nobody waits:
 * one timeout per run, not one per job.
 */
final class PermitWatch {

  private static final long GIVE_UP_MILLIS = 2_000;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final WatchedSemaphore semaphore;
  private final int permits;
  private final int jobs;
  private final boolean hold;
  private final InFlightCounter inFlight = new InFlightCounter();
  private final Timeline timeline = new Timeline();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int finished;
  private boolean gaveUp;
  private String withoutPermit;

  PermitWatch(WatchedSemaphore semaphore, int permits, int jobs, boolean hold) {
    this.semaphore = semaphore;
    this.permits = permits;
    this.jobs = jobs;
    this.hold = hold;
  }

  /** Run one job's body; returns normally or throws {@code failure}. */
  void run(String name, Throwable failure) throws Exception {
    Timeline.Span span = timeline.start(name);
    lock.lock();
    try {
      int now = inFlight.enter();
      int taken = permits - semaphore.availablePermits();
      if (taken < now && withoutPermit == null) {
        withoutPermit =
            name
                + " started while "
                + now
                + (now == 1 ? " job was" : " jobs were")
                + " in flight but only "
                + taken
                + " of the semaphore's permits were taken";
      }
      if (now > permits) {
        gaveUp = true; // over budget: proven; stop holding anyone
      }
      changed.signalAll();
      long deadline =
          System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(GIVE_UP_MILLIS));
      while (hold && !gaveUp && !nothingElseCanStart()) {
        long left = deadline - System.nanoTime();
        // spinners never queue: stop holding, the check names it
        if (left <= 0 || semaphore.spins(jobs)) {
          gaveUp = true;
          changed.signalAll();
          break;
        }
        // Poll: the semaphore's queue does not signal us when a thread joins it.
        changed.awaitNanos(Math.min(left, POLL_NANOS));
      }
    } finally {
      inFlight.exit();
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

  private boolean nothingElseCanStart() {
    int current = inFlight.current();
    int notStarted = jobs - finished - current;
    return current >= Math.min(permits, jobs - finished)
        && (notStarted == 0 || semaphore.getQueueLength() >= notStarted);
  }

  int inFlight() {
    lock.lock();
    try {
      return inFlight.current();
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
    return inFlight.max();
  }

  /** Describe the first job that ran without a permit, or null if none did. */
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

package dev.kata.puzzles.p06;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The semaphore the checks hand to {@code runAll}: a real {@link Semaphore} that also counts what
 * it sees, so a check can tell a job that waits from one that spins, and a permit given back that
 * was never taken.
 *
 * <ul>
 *   <li>failed untimed {@code tryAcquire} calls: a job that loops on them spins instead of waiting;
 *   <li>timed {@code tryAcquire} calls: a job that waits with a timeout may give up;
 *   <li>releases beyond the initial permits: a {@code release()} without its {@code acquire()}.
 * </ul>
 */
final class WatchedSemaphore extends Semaphore {

  private static final long serialVersionUID = 1L;

  private final int initial;
  private final AtomicLong failedTries = new AtomicLong();
  private final AtomicLong timedTries = new AtomicLong();
  private final AtomicLong excessReleases = new AtomicLong();

  WatchedSemaphore(int permits) {
    super(permits);
    this.initial = permits;
  }

  @Override
  public boolean tryAcquire() {
    return counted(super.tryAcquire());
  }

  @Override
  public boolean tryAcquire(int permits) {
    return counted(super.tryAcquire(permits));
  }

  @Override
  public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
    timedTries.incrementAndGet();
    return super.tryAcquire(timeout, unit);
  }

  @Override
  public boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException {
    timedTries.incrementAndGet();
    return super.tryAcquire(permits, timeout, unit);
  }

  @Override
  public void release() {
    super.release();
    if (availablePermits() > initial) {
      excessReleases.incrementAndGet();
    }
  }

  @Override
  public void release(int permits) {
    super.release(permits);
    if (availablePermits() > initial) {
      excessReleases.incrementAndGet();
    }
  }

  private boolean counted(boolean acquired) {
    if (!acquired) {
      failedTries.incrementAndGet();
    }
    return acquired;
  }

  int initial() {
    return initial;
  }

  long failedTries() {
    return failedTries.get();
  }

  long timedTries() {
    return timedTries.get();
  }

  long excessReleases() {
    return excessReleases.get();
  }

  /** Get the threads queued for a permit now, in no particular order. */
  List<Thread> waiters() {
    Collection<Thread> queued = getQueuedThreads();
    return List.copyOf(queued);
  }

  /** Name a thread that waits for a permit with a timeout (TIMED_WAITING on the queue), or null. */
  String timedWaiter() {
    for (Thread t : getQueuedThreads()) {
      if (t.getState() == Thread.State.TIMED_WAITING) {
        return "thread \"" + t.getName() + "\"";
      }
    }
    return null;
  }

  /** Tell whether the jobs spin on tryAcquire(): many more failed tries than jobs could need. */
  boolean spins(int jobs) {
    return failedTries.get() > 100L + 20L * jobs;
  }

  String spinning() {
    return "the jobs called tryAcquire() "
        + failedTries.get()
        + " times and failed, instead of waiting in acquire(): a job that spins for a permit burns"
        + " a core the jobs holding permits need, and is never queued on the semaphore";
  }
}

package dev.kata.puzzles.p12;

import dev.kata.api.check.Patience;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * A task the checks submit and steer: it starts, then waits until the check releases it, and then
 * returns or throws as scripted. It records its thread, whether and when it was interrupted, and
 * when it ended, so the checks see what the solution did to it without timing it.
 */
final class HeldTask implements Callable<String> {

  /** What the task does once released, or while it waits. */
  enum Script {
    /** Return its name. */
    RETURN,
    /** Throw a RuntimeException. */
    THROW_RUNTIME,
    /** Throw an Error. */
    THROW_ERROR,
    /** Throw a checked exception. */
    THROW_CHECKED,
    /** Never released by the check: it ends only when interrupted (it honours the interrupt). */
    STUCK,
    /**
     * Like {@link #STUCK}, but once interrupted it cleans up until the check lets it end ({@link
     * #endCleanup}): a shutdown that does not wait for its interrupted tasks returns while this one
     * still runs, on every run.
     */
    STUCK_CLEANING_UP,
    /**
     * Never released in time, and it ignores interrupts: it ends only when the check releases it.
     */
    DEAF
  }

  /** A checked exception of the checks' own. */
  static final class TaskException extends Exception {
    private static final long serialVersionUID = 1L;

    TaskException(String message) {
      super(message);
    }
  }

  /** An Error of the checks' own. */
  static final class TaskError extends Error {
    private static final long serialVersionUID = 1L;

    TaskError(String message) {
      super(message);
    }
  }

  /** The longest any held task waits, so none outlives a broken run for long. */
  private static final long HOLD_LIMIT_MILLIS = 60_000;

  final String name;
  final Script script;
  final Throwable failure;
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final CountDownLatch interrupted = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private volatile Thread thread;
  private volatile long interruptedAt;
  private volatile long endedAt;

  HeldTask(String name, Script script) {
    this.name = name;
    this.script = script;
    this.failure =
        switch (script) {
          case THROW_RUNTIME -> new IllegalStateException(name + " failed");
          case THROW_ERROR -> new TaskError(name + " failed with an Error");
          case THROW_CHECKED -> new TaskException(name + " failed with a checked exception");
          default -> null;
        };
  }

  @Override
  public String call() throws Exception {
    thread = Thread.currentThread();
    started.countDown();
    try {
      if (script == Script.DEAF) {
        while (true) {
          try {
            var _ = Patience.hold(release, HOLD_LIMIT_MILLIS);
            return name;
          } catch (InterruptedException e) {
            noteInterrupt(); // and wait on: this task ignores it
          }
        }
      }
      try {
        // held: to kata, waiting for the check, so a check waiting for this task to be
        // interrupted, with nothing else able to move, is told at once that it never will be
        var _ = Patience.hold(release, HOLD_LIMIT_MILLIS);
      } catch (InterruptedException e) {
        noteInterrupt();
        if (script == Script.STUCK_CLEANING_UP) {
          cleanUp();
        }
        throw e;
      }
      if (Thread.currentThread().isInterrupted()) {
        noteInterrupt();
      }
      return switch (script) {
        case THROW_RUNTIME -> throw (IllegalStateException) failure;
        case THROW_ERROR -> throw (TaskError) failure;
        case THROW_CHECKED -> throw (TaskException) failure;
        default -> name;
      };
    } finally {
      endedAt = System.nanoTime();
      ended.countDown();
    }
  }

  /** Held until the check ends the clean-up; a further interrupt does not cut it short. */
  private void cleanUp() {
    while (true) {
      try {
        var _ = Patience.hold(cleanedUp, HOLD_LIMIT_MILLIS); // ended, or its safety net passed
        return;
      } catch (InterruptedException again) {
        // cleaning up still: the interrupt was already seen
      }
    }
  }

  private void noteInterrupt() {
    if (interruptedAt == 0) {
      interruptedAt = System.nanoTime();
    }
    interrupted.countDown();
  }

  /** Let the task go on: it returns or throws as scripted (a DEAF or STUCK task returns). */
  void release() {
    release.countDown();
    cleanedUp.countDown();
  }

  /** Let a {@link Script#STUCK_CLEANING_UP} task that was interrupted end. */
  void endCleanup() {
    cleanedUp.countDown();
  }

  boolean awaitStarted(long baseMillis) throws InterruptedException {
    return Patience.await(started, baseMillis);
  }

  boolean awaitEnded(long baseMillis) throws InterruptedException {
    return Patience.await(ended, baseMillis);
  }

  boolean awaitInterrupted(long baseMillis) throws InterruptedException {
    return Patience.await(interrupted, baseMillis);
  }

  boolean hasStarted() {
    return started.getCount() == 0;
  }

  boolean hasEnded() {
    return ended.getCount() == 0;
  }

  boolean wasInterrupted() {
    return interrupted.getCount() == 0;
  }

  /** When it was first interrupted (System.nanoTime), or 0. */
  long interruptedAt() {
    return interruptedAt;
  }

  long endedAt() {
    return endedAt;
  }

  Thread thread() {
    return thread;
  }

  @Override
  public String toString() {
    return name;
  }
}

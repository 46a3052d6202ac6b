package dev.kata.puzzles.p12;

import dev.kata.api.check.TimeScale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
            release.await(TimeScale.millis(HOLD_LIMIT_MILLIS), TimeUnit.MILLISECONDS);
            return name;
          } catch (InterruptedException e) {
            noteInterrupt(); // and wait on: this task ignores it
          }
        }
      }
      try {
        release.await(TimeScale.millis(HOLD_LIMIT_MILLIS), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        noteInterrupt();
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

  private void noteInterrupt() {
    if (interruptedAt == 0) {
      interruptedAt = System.nanoTime();
    }
    interrupted.countDown();
  }

  /** Let the task go on: it returns or throws as scripted (a DEAF or STUCK task returns). */
  void release() {
    release.countDown();
  }

  boolean awaitStarted(long baseMillis) throws InterruptedException {
    return started.await(TimeScale.millis(baseMillis), TimeUnit.MILLISECONDS);
  }

  boolean awaitEnded(long baseMillis) throws InterruptedException {
    return ended.await(TimeScale.millis(baseMillis), TimeUnit.MILLISECONDS);
  }

  boolean awaitInterrupted(long baseMillis) throws InterruptedException {
    return interrupted.await(TimeScale.millis(baseMillis), TimeUnit.MILLISECONDS);
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

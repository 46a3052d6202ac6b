package dev.kata.puzzles.p18;

import dev.kata.api.check.Patience;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One step of one save (prepare, commit or notify), as the checks script it: it records each run,
 * the thread it ran on, and whether it was interrupted; it waits on a latch the check releases (or
 * passes at once); then it ends normally or throws its scripted failure. Interrupted while it
 * waits, it stops there, half done, and throws {@link InterruptedException}, as real I/O does.
 */
final class HeldStep {

  /** How a step ends once released. */
  enum Outcome {
    /** It ends normally. */
    PASS,
    /** It throws a RuntimeException of the checks'. */
    FAIL_RUNTIME,
    /** It throws an Error of the checks'. */
    FAIL_ERROR
  }

  /** A RuntimeException of the checks' own. */
  static final class StepException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StepException(String message) {
      super(message);
    }
  }

  /** An Error of the checks' own. */
  static final class StepError extends Error {
    private static final long serialVersionUID = 1L;

    StepError(String message) {
      super(message);
    }
  }

  /** The longest a step waits for its release, so none outlives a broken run for long. */
  private static final long HOLD_LIMIT_MILLIS = 60_000;

  final String name;
  final Outcome outcome;
  final Throwable failure;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicInteger completions = new AtomicInteger();
  private volatile Thread thread;
  private volatile boolean interrupted;
  private volatile boolean waiting;

  HeldStep(String name, Outcome outcome, boolean held) {
    this.name = name;
    this.outcome = outcome;
    this.failure =
        switch (outcome) {
          case FAIL_RUNTIME -> new StepException(name + " failed");
          case FAIL_ERROR -> new StepError(name + " failed with an Error");
          case PASS -> null;
        };
    if (!held) {
      release.countDown();
    }
  }

  /** Run the step on the calling thread. */
  void run() throws InterruptedException {
    runs.incrementAndGet();
    thread = Thread.currentThread();
    started.countDown();
    try {
      waiting = true;
      // A hold: kata counts this thread as waiting for the check, though the wait is bounded.
      if (!Patience.hold(release, HOLD_LIMIT_MILLIS)) {
        throw new IllegalStateException(name + " was never released by the check");
      }
    } catch (InterruptedException e) {
      interrupted = true;
      throw e;
    } finally {
      waiting = false;
      ended.countDown();
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    completions.incrementAndGet();
  }

  void release() {
    release.countDown();
  }

  /**
   * Wait, bounded, for the step to start; kata ends the wait early once nothing can move (see
   * {@link Patience}).
   */
  boolean awaitStarted(long baseMillis) throws InterruptedException {
    return Patience.await(started, baseMillis);
  }

  /**
   * Wait, bounded, for the step to end; kata ends the wait early once nothing can move (see {@link
   * Patience}).
   */
  boolean awaitEnded(long baseMillis) throws InterruptedException {
    return Patience.await(ended, baseMillis);
  }

  /** Tell whether the step is blocked on its latch right now. */
  boolean isWaiting() {
    return waiting;
  }

  boolean hasStarted() {
    return started.getCount() == 0;
  }

  boolean hasEnded() {
    return ended.getCount() == 0;
  }

  int runs() {
    return runs.get();
  }

  /** How many runs got past the latch and ended as scripted (normally, for a passing step). */
  int completions() {
    return completions.get();
  }

  boolean wasInterrupted() {
    return interrupted;
  }

  /** The thread of the last run, or null if it never ran. */
  Thread thread() {
    return thread;
  }

  @Override
  public String toString() {
    return name;
  }
}

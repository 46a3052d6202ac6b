package dev.kata.puzzles.p04;

import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A task the checks own: it finishes only when the check lets it, so durations are logical, never
 * timed. It records which thread ran it, whether it was interrupted and when its {@code finally}
 * ended.
 *
 * <p>With {@link #holdCleanupFor(Call)}, its {@code finally} does not end until the caller of the
 * solution has either returned or is seen really waiting (not sleeping). A solution that returns
 * without waiting for the task to end is then caught on every run, and a correct one, which waits,
 * lets the cleanup end at once.
 */
final class ScriptedTask implements Callable<String> {

  /** What the task does when the check lets it finish. */
  enum Kind {
    VALUE,
    CHECKED,
    RUNTIME,
    ERROR,
    HANG;

    boolean fails() {
      return this == CHECKED || this == RUNTIME || this == ERROR;
    }

    String describe() {
      return switch (this) {
        case VALUE -> "returns a value";
        case CHECKED -> "throws a checked exception";
        case RUNTIME -> "throws a RuntimeException";
        case ERROR -> "throws an Error";
        case HANG -> "never finishes unless interrupted";
      };
    }
  }

  /**
   * Safety bounds only: the check opens the gate, and a correct caller is seen waiting at once.
   * They are long because a check thread starved for seconds on a loaded machine must not let a
   * wrong solution's caller return first by the timer's grace.
   */
  private static final long HOLD_MILLIS = 10_000;

  private static final long GATE_MILLIS = 15_000;

  private final String name;
  private final Kind kind;
  private final String value;
  private final Throwable failure;
  private final Timeline timeline;
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Thread runner;
  private volatile boolean interrupted;
  private volatile boolean abandoned;
  private volatile Call<?> holdCleanupFor;
  private volatile CountDownLatch cleanupGate;
  private final CountDownLatch interruptedLatch = new CountDownLatch(1);

  ScriptedTask(String name, Kind kind, Timeline timeline) {
    this.name = name;
    this.kind = kind;
    this.value = "result of " + name;
    this.timeline = timeline;
    this.failure =
        switch (kind) {
          case CHECKED ->
              new IOException(name + " failed (a checked exception thrown by the check's task)");
          case RUNTIME ->
              new IllegalStateException(
                  name + " failed (a RuntimeException thrown by the check's task)");
          case ERROR -> new Error(name + " failed (an Error thrown by the check's task)");
          default -> null;
        };
  }

  /**
   * Make the task's cleanup wait until {@code caller} has returned or is seen waiting for the task.
   */
  ScriptedTask holdCleanupFor(Call<?> caller) {
    this.holdCleanupFor = caller;
    return this;
  }

  /** Make the task's cleanup wait, ignoring interrupts, until {@link #openCleanup()}. */
  ScriptedTask gateCleanup() {
    this.cleanupGate = new CountDownLatch(1);
    return this;
  }

  void openCleanup() {
    CountDownLatch gate = cleanupGate;
    if (gate != null) {
      gate.countDown();
    }
  }

  boolean awaitInterrupted(long millis) throws InterruptedException {
    return interruptedLatch.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public String call() throws Exception {
    calls.incrementAndGet();
    runner = Thread.currentThread();
    Timeline.Span span = timeline.start(name + " (" + kind.describe() + ")");
    started.countDown();
    try {
      release.await();
      if (abandoned || kind == Kind.VALUE || kind == Kind.HANG) {
        return value;
      }
      if (failure instanceof Exception e) {
        throw e;
      }
      throw (Error) failure;
    } catch (InterruptedException e) {
      interrupted = true;
      interruptedLatch.countDown();
      throw e;
    } finally {
      awaitGateUninterruptibly();
      holdUntilCallerWaitsOrReturns();
      span.end();
      ended.countDown();
    }
  }

  /**
   * A cleanup that takes as long as the check wants, and that a second interrupt cannot cut short.
   */
  private void awaitGateUninterruptibly() {
    CountDownLatch gate = cleanupGate;
    if (gate == null || abandoned) {
      return;
    }
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(GATE_MILLIS));
    while (!abandoned && System.nanoTime() < deadline) {
      try {
        if (gate.await(1, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException again) {
        // shutdownNow() may interrupt us once more: a cleanup in progress carries on
      }
    }
  }

  /**
   * Poll, bounded: the caller returned, or waits (blocked, not sleeping) on several polls in a row.
   */
  private void holdUntilCallerWaitsOrReturns() {
    Call<?> caller = holdCleanupFor;
    if (caller == null || caller.thread() == Thread.currentThread()) {
      // nothing to hold for, or the task runs on the caller's own thread (a check reports that)
      return;
    }
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(HOLD_MILLIS));
    int waitingPolls = 0;
    while (!caller.returned()
        && waitingPolls < Threads.STABLE_POLLS
        && System.nanoTime() < deadline) {
      waitingPolls =
          Threads.isWaiting(caller.thread()) && !Call.sleeping(caller.thread())
              ? waitingPolls + 1
              : 0;
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  String name() {
    return name;
  }

  Kind kind() {
    return kind;
  }

  String value() {
    return value;
  }

  Throwable failure() {
    return failure;
  }

  /** Let the task finish as its kind says. */
  void release() {
    release.countDown();
  }

  /**
   * Cleanup after a failed check: let the task end, whatever its kind, so no thread stays stuck.
   */
  void abandon() {
    abandoned = true;
    release.countDown();
    openCleanup();
  }

  boolean awaitStarted(long baseMillis) throws InterruptedException {
    return started.await(TimeScale.millis(baseMillis), TimeUnit.MILLISECONDS);
  }

  boolean awaitStartedNanos(long nanos) throws InterruptedException {
    return started.await(nanos, TimeUnit.NANOSECONDS);
  }

  boolean started() {
    return started.getCount() == 0;
  }

  /** Wait for the end of its {@code finally}, at most {@code millis} (already scaled). */
  boolean awaitEnded(long millis) throws InterruptedException {
    return ended.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Whether its {@code finally} has ended. */
  boolean ended() {
    return ended.getCount() == 0;
  }

  boolean interrupted() {
    return interrupted;
  }

  int calls() {
    return calls.get();
  }

  /** The thread that ran it, or null if it never started. */
  Thread runner() {
    return runner;
  }
}

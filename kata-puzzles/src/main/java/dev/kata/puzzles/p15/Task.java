package dev.kata.puzzles.p15;

import dev.kata.api.check.InFlightCounter;
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
 * A task the checks own: it blocks on a latch until the check releases it, then returns a value or
 * throws, as its {@link Kind} says. It records the thread it ran on, whether it was interrupted,
 * and when its {@code finally} ended; it is counted in flight from its first line to the end of its
 * {@code finally}.
 *
 * <p>Interrupted, its {@code finally} does not end until the caller has returned from the call it
 * is in or is seen really waiting (not sleeping): a policy that does not wait for its cancelled
 * tasks to end is caught on every run, and one that waits lets the cleanup end at once. With {@link
 * #gateCleanup()}, the cleanup also waits, deaf to further interrupts, until the check opens the
 * gate.
 */
final class Task implements Callable<String> {

  /** What the task does when the check releases it. */
  enum Kind {
    VALUE,
    CHECKED,
    RUNTIME,
    ERROR,
    /** Blocks until interrupted; the check never releases it. */
    HANG,
    /**
     * Interrupted, it waits for the check's release and then fails with an exception of its own.
     */
    FAILS_WHEN_CANCELLED;

    boolean fails() {
      return this == CHECKED || this == RUNTIME || this == ERROR;
    }

    String describe() {
      return switch (this) {
        case VALUE -> "returns a value";
        case CHECKED -> "throws a checked exception";
        case RUNTIME -> "throws a RuntimeException";
        case ERROR -> "throws an Error";
        case HANG -> "blocks until interrupted";
        case FAILS_WHEN_CANCELLED -> "blocks; interrupted, its cleanup fails later";
      };
    }
  }

  /**
   * Safety bounds only: a correct caller is seen waiting at once, and the check opens every gate.
   * They are long so that a check thread starved on a loaded machine does not let a wrong policy
   * pass by the grace of a timer.
   */
  private static final long HOLD_MILLIS = 10_000;

  private static final long GATE_MILLIS = 15_000;

  private final String name;
  private final Kind kind;
  private final String value;
  private final Throwable failure;
  private final Timeline timeline;
  private final InFlightCounter inFlight;
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch resumed = new CountDownLatch(1);
  private final CountDownLatch interruptedLatch = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Thread runner;
  private volatile boolean abandoned;
  private volatile Caller holdFor;
  private volatile CountDownLatch cleanupGate;

  Task(String name, Kind kind, Timeline timeline, InFlightCounter inFlight) {
    this.name = name;
    this.kind = kind;
    this.value = "result of " + name;
    this.timeline = timeline;
    this.inFlight = inFlight;
    this.failure =
        switch (kind) {
          case CHECKED ->
              new IOException(name + " failed (a checked exception thrown by the check's task)");
          case RUNTIME ->
              new IllegalStateException(
                  name + " failed (a RuntimeException thrown by the check's task)");
          case ERROR -> new TaskError(name + " failed (an Error thrown by the check's task)");
          case FAILS_WHEN_CANCELLED ->
              new IOException(name + " failed in its cleanup, after it was cancelled");
          default -> null;
        };
  }

  /** An Error of the check's own, so that no handler of the JDK's errors takes it for its own. */
  static final class TaskError extends Error {
    private static final long serialVersionUID = 1L;

    TaskError(String message) {
      super(message);
    }
  }

  /** Hold the cleanup of this task, once interrupted, until {@code caller} returned or waits. */
  Task holdFor(Caller caller) {
    this.holdFor = caller;
    return this;
  }

  /** Make the cleanup wait, deaf to interrupts, until {@link #openCleanup()}. */
  Task gateCleanup() {
    this.cleanupGate = new CountDownLatch(1);
    return this;
  }

  void openCleanup() {
    CountDownLatch gate = cleanupGate;
    if (gate != null) {
      gate.countDown();
    }
  }

  @Override
  public String call() throws Exception {
    calls.incrementAndGet();
    inFlight.enter();
    runner = Thread.currentThread();
    Timeline.Span span = timeline.start(name + " (" + kind.describe() + ")");
    started.countDown();
    boolean interrupted = false;
    try {
      try {
        release.await();
      } finally {
        resumed.countDown();
      }
      return outcome();
    } catch (InterruptedException e) {
      interrupted = true;
      interruptedLatch.countDown();
      if (kind == Kind.FAILS_WHEN_CANCELLED && !abandoned) {
        awaitUninterruptibly(release, GATE_MILLIS);
        throw (Exception) failure;
      }
      throw e;
    } finally {
      if (interrupted) {
        awaitUninterruptibly(cleanupGate, GATE_MILLIS);
        holdUntilCallerWaitsOrReturns();
      }
      span.end();
      inFlight.exit();
      ended.countDown();
    }
  }

  private String outcome() throws Exception {
    if (abandoned || kind == Kind.VALUE || kind == Kind.HANG || kind == Kind.FAILS_WHEN_CANCELLED) {
      return value;
    }
    if (failure instanceof Exception e) {
      throw e;
    }
    throw (Error) failure;
  }

  /**
   * A wait that a second interrupt (shutdownNow again, the caller interrupted) cannot cut short.
   */
  private void awaitUninterruptibly(CountDownLatch latch, long baseMillis) {
    if (latch == null) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(baseMillis));
    while (!abandoned && System.nanoTime() < deadline) {
      try {
        if (latch.await(1, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException again) {
        // a cleanup in progress carries on
      }
    }
  }

  /**
   * Poll, bounded: the caller returned, or waits (blocked, not sleeping) on several polls in a row.
   */
  private void holdUntilCallerWaitsOrReturns() {
    Caller caller = holdFor;
    if (caller == null || caller.thread() == Thread.currentThread()) {
      return;
    }
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(HOLD_MILLIS));
    int waitingPolls = 0;
    while (!abandoned
        && !caller.returned()
        && waitingPolls < Threads.STABLE_POLLS
        && System.nanoTime() < deadline) {
      waitingPolls = caller.waits() ? waitingPolls + 1 : 0;
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
   * Wait, bounded, until the task's thread has come out of its wait after {@link #release()} (or
   * was interrupted out of it). A thread that was let go can still look WAITING for milliseconds on
   * a loaded machine before it runs: a check that steers it next, and waits for it to stop
   * somewhere else, must not take that for a stop.
   */
  void awaitResumed() throws InterruptedException {
    var _ = resumed.await(TimeScale.millis(GATE_MILLIS), TimeUnit.MILLISECONDS);
  }

  /** Cleanup after a check: let the task end, whatever its kind, so no thread stays stuck. */
  void abandon() {
    abandoned = true;
    release.countDown();
    openCleanup();
  }

  boolean awaitStarted(long millis) throws InterruptedException {
    return started.await(millis, TimeUnit.MILLISECONDS);
  }

  boolean started() {
    return started.getCount() == 0;
  }

  boolean awaitInterrupted(long millis) throws InterruptedException {
    return interruptedLatch.await(millis, TimeUnit.MILLISECONDS);
  }

  boolean interrupted() {
    return interruptedLatch.getCount() == 0;
  }

  boolean awaitEnded(long millis) throws InterruptedException {
    return ended.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Whether its {@code finally} has ended. */
  boolean ended() {
    return ended.getCount() == 0;
  }

  int calls() {
    return calls.get();
  }

  /** The thread that ran it, or null if it never started. */
  Thread runner() {
    return runner;
  }
}

package dev.kata.puzzles.p17;

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
 * A mirror the checks own: it blocks on a latch until the check releases it, then returns its value
 * or throws, as its {@link Outcome} says; never released, it blocks until interrupted, as a loser
 * does. It records the thread it ran on, whether it was interrupted, and when its {@code finally}
 * ended.
 *
 * <p>Interrupted, its {@code finally} does not end until the caller has returned from the race or
 * is seen really waiting: a race that returns without waiting for its cancelled losers is caught on
 * every run, and one that waits lets the cleanup end at once. With {@link #gateCleanup()}, the
 * cleanup also waits, deaf to further interrupts, until the check opens the gate.
 */
final class Mirror implements Callable<String> {

  /** What the mirror does when the check releases it. */
  enum Outcome {
    VALUE,
    CHECKED,
    RUNTIME,
    ERROR;

    boolean fails() {
      return this != VALUE;
    }

    String describe() {
      return switch (this) {
        case VALUE -> "returns a value";
        case CHECKED -> "throws a checked exception";
        case RUNTIME -> "throws a RuntimeException";
        case ERROR -> "throws an Error";
      };
    }
  }

  /**
   * Safety bounds only: a correct caller is seen waiting at once, and the check opens every gate.
   * They are long so that a check thread starved on a loaded machine does not let a wrong race pass
   * by the grace of a timer.
   */
  private static final long HOLD_MILLIS = 10_000;

  private static final long GATE_MILLIS = 15_000;

  private final String name;
  private final Outcome outcome;
  private final String value;
  private final Throwable failure;
  private final Timeline timeline;
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

  Mirror(String name, Outcome outcome, Timeline timeline) {
    this.name = name;
    this.outcome = outcome;
    this.value = "answer of " + name;
    this.timeline = timeline;
    this.failure =
        switch (outcome) {
          case CHECKED ->
              new IOException(name + " failed (a checked exception thrown by the check's mirror)");
          case RUNTIME ->
              new IllegalStateException(
                  name + " failed (a RuntimeException thrown by the check's mirror)");
          case ERROR -> new Error(name + " failed (an Error thrown by the check's mirror)");
          case VALUE -> null;
        };
  }

  /** Hold the cleanup of this mirror, once interrupted, until {@code caller} returned or waits. */
  Mirror holdFor(Caller caller) {
    this.holdFor = caller;
    return this;
  }

  /** Make the cleanup wait, deaf to interrupts, until {@link #openCleanup()}. */
  Mirror gateCleanup() {
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
    runner = Thread.currentThread();
    Timeline.Span span = timeline.start(name + " (" + outcome.describe() + " when released)");
    started.countDown();
    boolean interrupted = false;
    try {
      try {
        release.await();
      } finally {
        resumed.countDown();
      }
      return result();
    } catch (InterruptedException e) {
      interrupted = true;
      interruptedLatch.countDown();
      throw e;
    } finally {
      if (interrupted) {
        awaitUninterruptibly(cleanupGate, GATE_MILLIS);
        holdUntilCallerWaitsOrReturns();
      }
      span.end();
      ended.countDown();
    }
  }

  private String result() throws Exception {
    if (abandoned || outcome == Outcome.VALUE) {
      return value;
    }
    if (failure instanceof Exception e) {
      throw e;
    }
    throw (Error) failure;
  }

  /** A wait that a second interrupt (shutdownNow again, close() interrupted) cannot cut short. */
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

  /** Poll, bounded: the caller returned, or is blocked on several polls in a row. */
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
      waitingPolls = caller.blocked() ? waitingPolls + 1 : 0;
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  String name() {
    return name;
  }

  Outcome outcome() {
    return outcome;
  }

  String value() {
    return value;
  }

  Throwable failure() {
    return failure;
  }

  /** Let the mirror finish as its outcome says. */
  void release() {
    release.countDown();
  }

  /**
   * Wait, bounded, until the mirror's thread has come out of its wait after {@link #release()} (or
   * was interrupted out of it). A thread that was let go can still look WAITING for milliseconds on
   * a loaded machine before it runs: a check that steers it next, and waits for it to stop
   * somewhere else, must not take that for a stop.
   */
  void awaitResumed() throws InterruptedException {
    var _ = resumed.await(TimeScale.millis(GATE_MILLIS), TimeUnit.MILLISECONDS);
  }

  boolean released() {
    return release.getCount() == 0;
  }

  /** Cleanup after a check: let the mirror end, whatever its outcome, so no thread stays stuck. */
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

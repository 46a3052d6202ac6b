package dev.kata.puzzles.p14;

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
 * A subtask the checks own: it blocks on a latch until the check releases it, then returns a value
 * or throws, as its {@link Kind} says. It records the thread it ran on, whether it was interrupted,
 * and when its {@code finally} ended.
 *
 * <p>Interrupted, its {@code finally} does not end until the scope's owner has returned from the
 * call it is in or is seen really waiting (not sleeping): a scope that does not wait for its
 * cancelled subtasks to end is caught on every run, and one that waits lets the cleanup end at
 * once. With {@link #gateCleanup()}, the cleanup also waits, deaf to further interrupts, until the
 * check opens the gate.
 */
final class Subtask implements Callable<String> {

  /** What the subtask does when the check releases it. */
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
   * Safety bounds only: a correct owner is seen waiting at once, and the check opens every gate.
   * They are long so that a check thread starved on a loaded machine does not let a wrong scope
   * pass by the grace of a timer.
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
  private final CountDownLatch interruptedLatch = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Thread runner;
  private volatile boolean abandoned;
  private volatile Owner holdFor;
  private volatile CountDownLatch cleanupGate;

  Subtask(String name, Kind kind, Timeline timeline) {
    this.name = name;
    this.kind = kind;
    this.value = "result of " + name;
    this.timeline = timeline;
    this.failure =
        switch (kind) {
          case CHECKED ->
              new IOException(name + " failed (a checked exception thrown by the check's subtask)");
          case RUNTIME ->
              new IllegalStateException(
                  name + " failed (a RuntimeException thrown by the check's subtask)");
          case ERROR -> new Error(name + " failed (an Error thrown by the check's subtask)");
          case FAILS_WHEN_CANCELLED ->
              new IOException(name + " failed in its cleanup, after it was cancelled");
          default -> null;
        };
  }

  /** Hold the cleanup of this subtask, once interrupted, until {@code owner} returned or waits. */
  Subtask holdFor(Owner owner) {
    this.holdFor = owner;
    return this;
  }

  /** Make the cleanup wait, deaf to interrupts, until {@link #openCleanup()}. */
  Subtask gateCleanup() {
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
    Timeline.Span span = timeline.start(name + " (" + kind.describe() + ")");
    started.countDown();
    boolean interrupted = false;
    try {
      release.await();
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
        holdUntilOwnerWaitsOrReturns();
      }
      span.end();
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

  /**
   * Poll, bounded: the owner returned, or waits (blocked, not sleeping) on several polls in a row.
   */
  private void holdUntilOwnerWaitsOrReturns() {
    Owner owner = holdFor;
    if (owner == null || owner.thread() == Thread.currentThread()) {
      return;
    }
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(HOLD_MILLIS));
    int waitingPolls = 0;
    long seenReturns = owner.returns();
    while (!abandoned
        && owner.returns() == seenReturns
        && waitingPolls < Threads.STABLE_POLLS
        && System.nanoTime() < deadline) {
      waitingPolls = owner.waits() ? waitingPolls + 1 : 0;
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

  /** Let the subtask finish as its kind says. */
  void release() {
    release.countDown();
  }

  /** Cleanup after a check: let the subtask end, whatever its kind, so no thread stays stuck. */
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

package dev.kata.puzzles.p19;

import dev.kata.api.Sleeper;
import dev.kata.api.check.FakeClock;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.io.IOException;
import java.io.Serial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The operation the checks hand to the solution: a script of what each attempt does (return, fail
 * retryably or not, with which kind of exception, or hang until interrupted) and how much time it
 * takes on the fake clock. It records every attempt: its thread, when it began and ended, how many
 * backoffs the fake clock had seen when it began, whether it was interrupted.
 *
 * <p>Every failure is created in advance, so the checks compare the failures the solution reports
 * with the very objects thrown. The retryable predicate recognises them by identity: anything else,
 * such as a {@code TimeoutException}, is not retryable to it.
 */
final class ScriptedOp implements Callable<String> {

  /** What one attempt does. */
  enum Kind {
    VALUE,
    CHECKED,
    RUNTIME,
    ERROR,
    HANG;

    String describe() {
      return switch (this) {
        case VALUE -> "returns a value";
        case CHECKED -> "throws a checked exception";
        case RUNTIME -> "throws a RuntimeException";
        case ERROR -> "throws an Error";
        case HANG -> "hangs until interrupted";
      };
    }
  }

  /**
   * One attempt of the script.
   *
   * @param kind what it does
   * @param retryable whether its failure is retryable (ignored for VALUE and HANG)
   * @param takes how far it moves the fake clock before it returns or throws
   */
  record Step(Kind kind, boolean retryable, Duration takes) {

    static Step value() {
      return new Step(Kind.VALUE, false, Duration.ZERO);
    }

    static Step fails(Kind kind, boolean retryable) {
      return new Step(kind, retryable, Duration.ZERO);
    }

    static Step hang() {
      return new Step(Kind.HANG, false, Duration.ZERO);
    }

    @Override
    public String toString() {
      return switch (kind) {
            case VALUE, HANG -> kind.describe();
            default -> kind.describe() + (retryable ? " (retryable)" : " (NOT retryable)");
          }
          + (takes.isZero() ? "" : " after " + RetryPolicy.millis(takes));
    }
  }

  /** One attempt as it happened. */
  static final class Attempt {
    final int index;
    final Thread thread;
    final long startNanos = System.nanoTime();
    final int sleepsBefore;
    final boolean previousEnded;
    volatile long clockAtEnd;
    volatile long interruptedNanos;
    volatile long endNanos;
    volatile boolean ended;

    Attempt(int index, Thread thread, int sleepsBefore, boolean previousEnded) {
      this.index = index;
      this.thread = thread;
      this.sleepsBefore = sleepsBefore;
      this.previousEnded = previousEnded;
    }

    boolean interrupted() {
      return interruptedNanos != 0;
    }
  }

  /** An Error the check's operation throws. */
  static final class ScriptedError extends Error {
    @Serial private static final long serialVersionUID = 1L;

    ScriptedError(String message) {
      super(message);
    }
  }

  /** A safety bound only: a correct caller is seen waiting, or goes on, within milliseconds. */
  private static final long HOLD_MILLIS = 10_000;

  private final List<Step> steps;
  private final FakeClock clock;
  private final List<Throwable> failures = new ArrayList<>();
  private final Set<Throwable> retryable = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Attempt> attempts = new ArrayList<>();
  private final CountDownLatch abandoned = new CountDownLatch(1);
  private final List<Boolean> endedAtBackoff = new ArrayList<>();
  private volatile Thread caller;
  private volatile BooleanSupplier callerReturned = () -> true;

  ScriptedOp(List<Step> steps, FakeClock clock) {
    this.steps = List.copyOf(steps);
    this.clock = clock;
    for (int i = 0; i < steps.size(); i++) {
      failures.add(failure(i, steps.get(i)));
    }
  }

  private Throwable failure(int i, Step step) {
    String what =
        "attempt "
            + (i + 1)
            + " failed ("
            + (step.retryable() ? "retryable" : "NOT retryable")
            + ", thrown by the check's operation)";
    Throwable failure =
        switch (step.kind()) {
          case CHECKED -> new IOException(what);
          case RUNTIME -> new IllegalStateException(what);
          case ERROR -> new ScriptedError(what);
          default -> null;
        };
    if (failure != null && step.retryable()) {
      synchronized (retryable) {
        retryable.add(failure);
      }
    }
    return failure;
  }

  /** The predicate for the policy: true only for the script's retryable failures, by identity. */
  Predicate<Throwable> retryable() {
    return t -> {
      synchronized (retryable) {
        return retryable.contains(t);
      }
    };
  }

  List<Step> steps() {
    return steps;
  }

  /** The failure attempt {@code i} throws, or null. */
  Throwable failureOf(int i) {
    return i < failures.size() ? failures.get(i) : null;
  }

  @Override
  public String call() throws Exception {
    Attempt attempt;
    Step step;
    synchronized (this) {
      int i = attempts.size();
      attempt = new Attempt(i, Thread.currentThread(), clock.sleepCount(), allEnded());
      attempts.add(attempt);
      notifyAll();
      if (i >= steps.size()) {
        // Past the script: a retrier that tries more often than allowed gets another retryable
        // failure, so that it carries on and its extra attempt is counted.
        Throwable extra =
            new IOException("attempt " + (i + 1) + " failed (an attempt past maxAttempts)");
        synchronized (retryable) {
          retryable.add(extra);
        }
        failures.add(extra);
        step = Step.fails(Kind.CHECKED, true);
      } else {
        step = steps.get(i);
      }
    }
    try {
      if (step.kind() == Kind.HANG) {
        try {
          abandoned.await();
          return "abandoned";
        } catch (InterruptedException e) {
          attempt.interruptedNanos = System.nanoTime();
          holdCleanup(attempt);
          throw e;
        }
      }
      clock.advance(step.takes());
      attempt.clockAtEnd = clock.getAsLong();
      Throwable failure = failureOf(attempt.index);
      if (step.kind() == Kind.VALUE) {
        return valueOf(attempt.index);
      }
      if (failure instanceof Exception e) {
        throw e;
      }
      throw (Error) failure;
    } finally {
      attempt.endNanos = System.nanoTime();
      attempt.ended = true;
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /**
   * Watch this caller: the cleanup of an interrupted attempt then lasts until the caller has
   * returned, begun a backoff or another attempt, or is seen waiting. A solution that does not wait
   * for the interrupted attempt to end is then caught on every run, and one that waits lets it end
   * at once.
   */
  void watch(Thread caller, BooleanSupplier returned) {
    this.caller = caller;
    this.callerReturned = returned;
  }

  /** A sleeper that notes, at the start of each backoff, whether every attempt had ended. */
  Sleeper noting(Sleeper sleeper) {
    return delay -> {
      synchronized (this) {
        endedAtBackoff.add(allEnded());
        notifyAll();
      }
      sleeper.sleep(delay);
    };
  }

  /** For each backoff begun, whether every attempt had ended at its start. */
  synchronized List<Boolean> endedAtBackoff() {
    return List.copyOf(endedAtBackoff);
  }

  private void holdCleanup(Attempt attempt) {
    Thread watched = caller;
    if (watched == null) {
      return;
    }
    int backoffs;
    synchronized (this) {
      backoffs = endedAtBackoff.size();
    }
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(HOLD_MILLIS));
    boolean interruptedAgain = false;
    int waiting = 0;
    while (System.nanoTime() < deadline && abandoned.getCount() > 0) {
      synchronized (this) {
        if (attempts.size() > attempt.index + 1 || endedAtBackoff.size() > backoffs) {
          break; // the caller went on without waiting for this attempt: the check will say so
        }
      }
      if (callerReturned.getAsBoolean() || watched == attempt.thread) {
        break;
      }
      waiting = Threads.isWaiting(watched) ? waiting + 1 : 0;
      if (waiting == Threads.STABLE_POLLS) {
        break; // the caller waits for this attempt to end, as it must
      }
      LockSupport.parkNanos(1_000_000);
      interruptedAgain |= Thread.interrupted(); // a cleanup in progress carries on
    }
    if (interruptedAgain) {
      Thread.currentThread().interrupt();
    }
  }

  static String valueOf(int i) {
    return "value of attempt " + (i + 1);
  }

  synchronized List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  synchronized int attemptCount() {
    return attempts.size();
  }

  /** Whether every attempt that began has ended. */
  synchronized boolean allEnded() {
    return attempts.stream().allMatch(a -> a.ended);
  }

  /** Wait, bounded, until at least {@code n} attempts have begun. */
  synchronized boolean awaitAttempts(int n, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (attempts.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Wait, bounded, until every attempt begun has ended. */
  synchronized boolean awaitAllEnded(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!allEnded()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Cleanup after a check: hanging attempts return. */
  void abandon() {
    abandoned.countDown();
  }
}

package dev.kata.puzzles.p19;

import dev.kata.api.Sleeper;
import dev.kata.api.check.FakeClock;
import dev.kata.api.check.Invariant;
import dev.kata.api.check.TimeScale;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * One call of the solution's {@code call(op, policy)}, made on a thread of its own so that the
 * check can bound it, interrupt it, and see how it waits. What the check must know about the moment
 * the call returned (had every attempt ended?) is captured right then, on the caller's thread.
 */
final class RetryRun {

  private static final AtomicInteger NUMBER = new AtomicInteger();

  /** How many polls in a row must see the caller in {@code Thread.sleep} to name it. */
  private static final int SLEEP_POLLS = 3;

  final RetryPolicy policy;
  final ScriptedOp op;
  final FakeClock clock;
  final long clockStart;
  private final Thread thread;
  private volatile long startNanos;
  private volatile long returnNanos;
  private volatile Object value;
  private volatile Throwable thrown;
  private volatile boolean allEndedAtReturn;
  private volatile boolean returned;

  private RetryRun(Retrying retrier, ScriptedOp op, RetryPolicy policy, FakeClock clock) {
    this.policy = policy;
    this.op = op;
    this.clock = clock;
    this.clockStart = clock.getAsLong();
    this.thread =
        Thread.ofPlatform()
            .name("caller-" + NUMBER.incrementAndGet())
            .daemon(true)
            .unstarted(
                () -> {
                  try {
                    value = retrier.call(op, policy);
                  } catch (Throwable t) {
                    thrown = t;
                  } finally {
                    returnNanos = System.nanoTime();
                    allEndedAtReturn =
                        op.allEnded(); // first: the state at the very moment of return
                    returned = true;
                  }
                });
    op.watch(thread, () -> returned);
  }

  /**
   * Build the solution's retrier with the check's clock, sleeper and random, through the
   * constructor the contract names.
   */
  static Retrying build(
      Retrying solution, Sleeper sleeper, FakeClock clock, RandomGenerator random) {
    Class<?> type = solution.getClass();
    try {
      Constructor<?> constructor =
          type.getDeclaredConstructor(Sleeper.class, LongSupplier.class, RandomGenerator.class);
      constructor.setAccessible(true);
      return (Retrying) constructor.newInstance(sleeper, clock, random);
    } catch (NoSuchMethodException e) {
      throw Invariant.violated(
          "the checks inject time through the constructor the contract names",
          "a public constructor "
              + type.getSimpleName()
              + "(Sleeper sleeper, LongSupplier nanoClock, RandomGenerator random)",
          "none: "
              + type.getSimpleName()
              + " has no such constructor, so the checks cannot give it a fake clock");
    } catch (InvocationTargetException e) {
      throw Invariant.violated(
          "the constructor (Sleeper, LongSupplier, RandomGenerator) only stores what it is given",
          "it returns",
          "it threw " + e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the puzzle's checks could not build the retrier: " + e, e);
    }
  }

  /** Start a call of {@code call(op, policy)} on a new thread. */
  static RetryRun start(Retrying retrier, ScriptedOp op, RetryPolicy policy, FakeClock clock) {
    RetryRun run = new RetryRun(retrier, op, policy, clock);
    run.startNanos = System.nanoTime();
    run.thread.start();
    return run;
  }

  /**
   * Wait, bounded, for the call to return, and fail at once, naming it, if the caller is seen in
   * {@code Thread.sleep}: the backoff must go through the injected sleeper.
   *
   * @param baseMillis the bound, before {@link TimeScale}; only a wrong solution reaches it
   * @param what what the call should be doing, for the message
   */
  void awaitReturn(long baseMillis, String what) throws InterruptedException {
    awaitUntil(() -> false, baseMillis, what);
  }

  /**
   * Wait, bounded, until {@code condition} holds or the call returns, and fail at once, naming it,
   * if the caller is seen in {@code Thread.sleep}: the backoff must go through the injected
   * sleeper.
   *
   * @param condition what the check waits for, besides the return
   * @param baseMillis the bound, before {@link TimeScale}; only a wrong solution reaches it
   * @param what what the call should be doing, for the message
   * @return true if the condition held, false if the call returned first
   */
  boolean awaitUntil(BooleanSupplier condition, long baseMillis, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeScale.millis(baseMillis) * 1_000_000;
    int sleeping = 0;
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (returned) {
        return false;
      }
      sleeping = inThreadSleep() ? sleeping + 1 : 0;
      if (sleeping == SLEEP_POLLS) {
        String doing = doing();
        throw Invariant.violated(
            "the backoff goes through the injected Sleeper, never Thread.sleep",
            "sleeper.sleep(delay): the checks' fake clock advances at once",
            "your retrier called Thread.sleep itself ("
                + doing
                + ") after "
                + op.attemptCount()
                + " attempt(s), with "
                + clock.sleepCount()
                + " backoff(s) through the sleeper: a real wait that"
                + " nothing can test without waiting for it, and that the fake clock never sees");
      }
      if (System.nanoTime() > deadline) {
        throw Invariant.violated(
            what,
            "it happens within " + TimeScale.millis(baseMillis) + " ms",
            "nothing after "
                + TimeScale.millis(baseMillis)
                + " ms, after "
                + op.attemptCount()
                + " attempt(s) and "
                + clock.sleepCount()
                + " backoff(s) through the sleeper: "
                + doing());
      }
      thread.join(1);
    }
  }

  /** Whether the call has returned or thrown. */
  boolean returned() {
    return returned;
  }

  /**
   * Cleanup after a check: let hanging attempts go, interrupt the caller, give it time to leave.
   */
  void abandon() throws InterruptedException {
    op.abandon();
    clock.release();
    if (!returned) {
      thread.interrupt();
    }
    thread.join(TimeScale.millis(5_000));
  }

  Thread thread() {
    return thread;
  }

  Object value() {
    return value;
  }

  Throwable thrown() {
    return thrown;
  }

  boolean allEndedAtReturn() {
    return allEndedAtReturn;
  }

  long startNanos() {
    return startNanos;
  }

  long returnNanos() {
    return returnNanos;
  }

  /** What the call ended with, in words. */
  String outcome() {
    if (!returned) {
      return "no return yet";
    }
    return thrown == null ? "returned \"" + value + "\"" : "threw " + thrown;
  }

  private int timedWaitingPolls;

  /**
   * Whether the caller is in {@code Thread.sleep}. Its stack is read only once it has been seen
   * TIMED_WAITING on a few polls in a row: reading a stack stops the thread, and a correct caller
   * waits for its attempts, timed, many times over.
   */
  private boolean inThreadSleep() {
    timedWaitingPolls = thread.getState() == Thread.State.TIMED_WAITING ? timedWaitingPolls + 1 : 0;
    if (timedWaitingPolls < SLEEP_POLLS) {
      return false;
    }
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals("java.lang.Thread")
          && frame.getMethodName().startsWith("sleep")) {
        return true;
      }
    }
    return false;
  }

  /** Describe what the caller's thread is doing now, for a failure message. */
  String doing() {
    StringBuilder frames = new StringBuilder();
    int shown = 0;
    for (StackTraceElement frame : thread.getStackTrace()) {
      String cls = frame.getClassName();
      if (cls.startsWith("jdk.internal.") || cls.startsWith("java.util.concurrent.locks.")) {
        continue;
      }
      frames
          .append(shown == 0 ? "" : " < ")
          .append(cls.substring(cls.lastIndexOf('.') + 1))
          .append('.')
          .append(frame.getMethodName());
      if (++shown == 4) {
        break;
      }
    }
    return "thread \""
        + thread.getName()
        + "\" is "
        + thread.getState()
        + (frames.isEmpty() ? "" : " in " + frames);
  }
}

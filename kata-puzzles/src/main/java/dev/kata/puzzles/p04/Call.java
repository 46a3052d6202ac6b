package dev.kata.puzzles.p04;

import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call of the solution, made on a thread of its own so that the check can watch it wait,
 * interrupt it, and bound how long it takes. What the check must know about the state at the moment
 * the call returned is captured right then, on the caller's thread, before anything else can change
 * it.
 */
final class Call<R> {

  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final Thread thread;
  private volatile long startNanos;
  private volatile R value;
  private volatile Throwable thrown;
  private volatile boolean flagAfter;
  private volatile long returnNanos;
  private volatile boolean endedAtReturn;
  private volatile boolean startedAtReturn;
  private volatile boolean returned;

  private Call(String name, Callable<R> body, ScriptedTask task, Timeline timeline) {
    this.thread =
        Thread.ofPlatform()
            .name("caller-" + NUMBER.incrementAndGet())
            .daemon(true)
            .unstarted(
                () -> {
                  Timeline.Span span = timeline == null ? null : timeline.start(name);
                  try {
                    value = body.call();
                  } catch (Throwable t) {
                    thrown = t;
                  } finally {
                    returnNanos = System.nanoTime();
                    // First, before anything the task does next: the state at the very moment of
                    // return.
                    endedAtReturn = task.ended();
                    startedAtReturn = task.started();
                    flagAfter = Thread.interrupted();
                    if (span != null) {
                      span.end();
                    }
                    returned = true;
                  }
                });
  }

  /**
   * Prepare a call; {@link #start()} starts it.
   *
   * @param name the call as the learner reads it, such as "withFuture(task 0, 40 ms)"
   * @param body the call of the solution
   * @param task the task the call runs, whose state is captured the moment the call returns
   * @param timeline where to draw the call, or null
   */
  static <R> Call<R> prepare(String name, Callable<R> body, ScriptedTask task, Timeline timeline) {
    return new Call<>(name, body, task, timeline);
  }

  /** Prepare and start a call. */
  static <R> Call<R> start(String name, Callable<R> body, ScriptedTask task, Timeline timeline) {
    return new Call<>(name, body, task, timeline).start();
  }

  /** Start the prepared call. */
  Call<R> start() {
    startNanos = System.nanoTime();
    thread.start();
    return this;
  }

  /** Wait, bounded, for the call to return or throw; true if it did. */
  boolean await(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
    return returned;
  }

  /** Cleanup after a failed check: interrupt the caller and give it a moment to leave. */
  void abandon() throws InterruptedException {
    thread.interrupt();
    thread.join(TimeScale.millis(1_000));
  }

  Thread thread() {
    return thread;
  }

  boolean returned() {
    return returned;
  }

  R value() {
    return value;
  }

  Throwable thrown() {
    return thrown;
  }

  /** The caller's interrupt flag right after the call. */
  boolean flagAfter() {
    return flagAfter;
  }

  /** Whether the task's {@code finally} had ended at the moment the call returned. */
  boolean endedAtReturn() {
    return endedAtReturn;
  }

  /** Whether the task had started at the moment the call returned. */
  boolean startedAtReturn() {
    return startedAtReturn;
  }

  long elapsedMillis() {
    return (returnNanos - startNanos) / 1_000_000;
  }

  long startNanos() {
    return startNanos;
  }

  /** Describe what the caller's thread is doing now, for a failure message. */
  String doing() {
    StackTraceElement[] stack = thread.getStackTrace();
    StringBuilder frames = new StringBuilder();
    int shown = 0;
    for (StackTraceElement frame : stack) {
      String cls = frame.getClassName();
      if (cls.startsWith("jdk.internal.") || cls.startsWith("java.util.concurrent.locks.")) {
        continue;
      }
      frames
          .append(shown == 0 ? "" : " < ")
          .append(simple(cls))
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

  /** Whether the thread is in Thread.sleep (or TimeUnit.sleep). */
  static boolean sleeping(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals("java.lang.Thread")
          && frame.getMethodName().startsWith("sleep")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the thread waits without a timeout in a method of the given class. */
  boolean waitsUntimedIn(String methodName) {
    if (thread.getState() != Thread.State.WAITING) {
      return false;
    }
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getMethodName().equals(methodName)) {
        return true;
      }
    }
    return false;
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}

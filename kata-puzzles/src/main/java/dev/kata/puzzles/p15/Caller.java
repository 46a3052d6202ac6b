package dev.kata.puzzles.p15;

import dev.kata.api.check.InFlightCounter;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caller of one policy: a thread of its own that calls {@code failFast} or {@code collectAll}
 * once with the check's tasks, so that the check can watch it wait, interrupt it, and bound how
 * long it takes.
 *
 * <p>What the check must know about the moment the call returned is captured right then, on the
 * caller's thread, before any task can move on: which tasks had ended, how many were still in
 * flight, and the caller's interrupt flag.
 */
final class Caller {

  /** Which policy the caller calls. */
  enum Policy {
    FAIL_FAST("failFast"),
    COLLECT_ALL("collectAll");

    private final String call;

    Policy(String method) {
      this.call = method + "(tasks)";
    }

    String call() {
      return call;
    }
  }

  /** The state at the moment the call returned. */
  record Moment(
      boolean returned,
      Object value,
      Throwable thrown,
      boolean flagAfter,
      List<Boolean> ended,
      List<Boolean> interrupted,
      int inFlight) {

    static final Moment NOT_YET = new Moment(false, null, null, false, List.of(), List.of(), 0);
  }

  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final Thread thread;
  private final FailurePolicies solution;
  private final Policy policy;
  private final List<Task> tasks;
  private final InFlightCounter inFlight;
  private final Timeline timeline;
  private volatile boolean calling;
  private volatile Moment moment = Moment.NOT_YET;
  private volatile boolean done;

  Caller(
      FailurePolicies solution,
      Policy policy,
      List<Task> tasks,
      InFlightCounter inFlight,
      Timeline timeline) {
    this.solution = solution;
    this.policy = policy;
    this.tasks = List.copyOf(tasks);
    this.inFlight = inFlight;
    this.timeline = timeline;
    this.thread =
        Thread.ofPlatform()
            .name("policy-caller-" + NUMBER.incrementAndGet())
            .daemon(true)
            .unstarted(this::run);
  }

  Caller start() {
    thread.start();
    return this;
  }

  private void run() {
    List<Callable<String>> callables = new ArrayList<>(tasks);
    Timeline.Span span = timeline.start("caller: " + policy.call());
    Object value = null;
    Throwable thrown = null;
    calling = true;
    try {
      value =
          switch (policy) {
            case FAIL_FAST -> solution.failFast(callables);
            case COLLECT_ALL -> solution.collectAll(callables);
          };
    } catch (Throwable t) {
      thrown = t;
    }
    calling = false;
    // First, before any task can move on: which had ended at the very moment of return.
    int stillInFlight = inFlight.current();
    List<Boolean> ended = new ArrayList<>();
    List<Boolean> interrupted = new ArrayList<>();
    for (Task task : tasks) {
      ended.add(task.ended());
      interrupted.add(task.interrupted());
    }
    boolean flag = Thread.interrupted();
    span.end();
    moment =
        new Moment(
            true, value, thrown, flag, List.copyOf(ended), List.copyOf(interrupted), stillInFlight);
    done = true; // lets a held cleanup end: only now, after the snapshot
  }

  /** Whether the call has returned, and its moment was captured. */
  boolean returned() {
    return done;
  }

  /**
   * Whether the caller is in the call and really waiting now: blocked, not sleeping, not spinning.
   */
  boolean waits() {
    return calling && Threads.isWaiting(thread) && !sleeping(thread);
  }

  /** Wait, bounded, until the call has returned; true if it did. */
  boolean awaitReturn(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
    return done;
  }

  /** Cleanup after a check: interrupt the caller and give it a moment to leave. */
  void abandon() throws InterruptedException {
    if (!done) {
      thread.interrupt();
      thread.join(TimeScale.millis(2_000));
    }
  }

  Thread thread() {
    return thread;
  }

  Policy policy() {
    return policy;
  }

  Moment moment() {
    return moment;
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
    return "the caller's thread is "
        + thread.getState()
        + " in "
        + policy.call()
        + (frames.isEmpty() ? "" : " (" + frames + ")");
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
}

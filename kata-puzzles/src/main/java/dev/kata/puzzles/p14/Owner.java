package dev.kata.puzzles.p14;

import dev.kata.api.check.ThreadDump;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The owner of one scope: a thread of its own that opens the scope, forks the check's subtasks,
 * joins (unless the plan is to close without joining) and closes it, so that the check can watch it
 * wait, interrupt it, and bound how long it takes.
 *
 * <p>What the check must know about the moment {@code join()} or {@code close()} returned is
 * captured right then, on the owner's thread, before anything else can change it: which subtasks
 * had ended, the owner's interrupt flag, and, through the JDK's thread dump (virtual threads are
 * invisible to {@code ThreadMXBean}), the virtual threads started since the scope was opened that
 * are still alive.
 */
final class Owner {

  /** What the owner does after forking. */
  enum Plan {
    JOIN_THEN_CLOSE,
    CLOSE_WITHOUT_JOIN
  }

  /** The state at the moment a call returned. */
  record Moment(
      boolean returned,
      Throwable thrown,
      boolean flagAfter,
      List<Boolean> ended,
      List<Boolean> interrupted,
      List<ThreadDump.DumpedThread> aliveVirtual,
      long elapsedMillis) {

    static final Moment NOT_YET =
        new Moment(false, null, false, List.of(), List.of(), List.of(), 0);
  }

  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final Thread thread;
  private final Scopes scopes;
  private final List<Subtask> subtasks;
  private final Plan plan;
  private final Supplier<Set<Long>> foreign;
  private final Timeline timeline;
  private final List<Object> values = Collections.synchronizedList(new ArrayList<>());
  private volatile String phase = "open";
  private volatile Throwable setupThrew;
  private volatile ThreadDump givenBaseline;
  private volatile Throwable dumpProblem;
  private volatile Moment join = Moment.NOT_YET;
  private volatile Moment close = Moment.NOT_YET;
  private final AtomicLong returns = new AtomicLong();
  private volatile boolean done;

  /**
   * Prepare an owner; {@link #start()} starts it.
   *
   * @param scopes the solution
   * @param subtasks the subtasks to fork, in this order
   * @param plan whether to join before closing
   * @param foreign ids of threads that belong to another owner's scope, not to this one
   * @param timeline where to draw the calls
   */
  Owner(
      Scopes scopes,
      List<Subtask> subtasks,
      Plan plan,
      Supplier<Set<Long>> foreign,
      Timeline timeline) {
    this.scopes = scopes;
    this.subtasks = List.copyOf(subtasks);
    this.plan = plan;
    this.foreign = foreign;
    this.timeline = timeline;
    this.thread =
        Thread.ofPlatform()
            .name("scope-owner-" + NUMBER.incrementAndGet())
            .daemon(true)
            .unstarted(this::run);
  }

  Owner(Scopes scopes, List<Subtask> subtasks, Plan plan, Timeline timeline) {
    this(scopes, subtasks, plan, Set::of, timeline);
  }

  /**
   * Use {@code earlier}, taken before any subtask of this scope could start, as the dump to compare
   * with, instead of taking one: a check running several scenarios in a row takes one dump for all.
   */
  Owner since(ThreadDump earlier) {
    this.givenBaseline = earlier;
    return this;
  }

  Owner start() {
    thread.start();
    return this;
  }

  private void run() {
    ThreadDump baseline = givenBaseline;
    if (baseline == null) {
      try {
        baseline = ThreadDump.take();
      } catch (IllegalStateException e) {
        dumpProblem = e;
      }
    }
    try {
      Scope<String> scope = scopes.open();
      if (scope == null) {
        setupThrew = new NullPointerException("open() returned null");
        return;
      }
      List<Supplier<String>> suppliers = new ArrayList<>();
      try {
        phase = "fork";
        for (Subtask subtask : subtasks) {
          suppliers.add(scope.fork(subtask));
        }
      } catch (Throwable t) {
        setupThrew = t;
      }
      if (plan == Plan.JOIN_THEN_CLOSE && setupThrew == null) {
        Moment joined =
            call(
                "join()",
                () -> {
                  scope.join();
                  return null;
                },
                baseline);
        if (joined.thrown() == null) {
          phase = "supplier.get() after join()";
          for (Supplier<String> supplier : suppliers) {
            try {
              values.add(String.valueOf(supplier.get()));
            } catch (Throwable t) {
              values.add(t);
            }
          }
        }
        join = joined; // published only now: the check reads the values once it sees join returned
      }
      close =
          call(
              "close()",
              () -> {
                scope.close();
                return null;
              },
              plan == Plan.CLOSE_WITHOUT_JOIN ? baseline : null);
    } catch (Throwable t) {
      setupThrew = t;
    } finally {
      phase = "done";
      done = true;
    }
  }

  private interface Body {
    Object call() throws Exception;
  }

  private Moment call(String name, Body body, ThreadDump baseline) {
    phase = name;
    Timeline.Span span = timeline.start("owner: " + name);
    long start = System.nanoTime();
    Throwable thrown = null;
    try {
      body.call();
    } catch (Throwable t) {
      thrown = t;
    }
    // First, before any subtask can move on: which had ended at the very moment of return.
    List<Boolean> ended = new ArrayList<>();
    List<Boolean> interrupted = new ArrayList<>();
    for (Subtask subtask : subtasks) {
      ended.add(subtask.ended());
      interrupted.add(subtask.interrupted());
    }
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    boolean flag = Thread.interrupted();
    List<ThreadDump.DumpedThread> alive = List.of();
    if (baseline != null) {
      Set<Long> others = foreign.get();
      try {
        alive =
            ThreadDump.take().virtualStartedSince(baseline).stream()
                .filter(t -> !others.contains(t.id()))
                .toList();
      } catch (IllegalStateException e) {
        dumpProblem = e;
      }
    }
    span.end();
    Moment moment =
        new Moment(
            true, thrown, flag, List.copyOf(ended), List.copyOf(interrupted), alive, elapsed);
    returns.incrementAndGet(); // lets a held subtask's cleanup end: only now, after the snapshot
    return moment;
  }

  /** How many times join() or close() has returned; a held cleanup waits for this to change. */
  long returns() {
    return returns.get();
  }

  /** Whether the owner is really waiting now: blocked, not sleeping, not contending for a lock. */
  boolean waits() {
    return Threads.isWaiting(thread) && !sleeping(thread);
  }

  /** Wait, bounded, for the owner to finish its plan; true if it did. */
  boolean awaitDone(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
    return done;
  }

  /** Wait, bounded, until join() has returned; true if it did. */
  boolean awaitJoin(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!join.returned() && !done && System.nanoTime() < deadline) {
      thread.join(1);
    }
    return join.returned();
  }

  /** Wait, bounded, until close() has returned; true if it did. */
  boolean awaitClose(long millis) throws InterruptedException {
    return awaitDone(millis) && close.returned();
  }

  /** Cleanup after a check: interrupt the owner and give it a moment to leave. */
  void abandon() throws InterruptedException {
    if (!done) {
      thread.interrupt();
      thread.join(TimeScale.millis(2_000));
    }
  }

  Thread thread() {
    return thread;
  }

  String phase() {
    return phase;
  }

  boolean done() {
    return done;
  }

  /**
   * Why the JDK's thread dump could not be taken, or null: a problem of the check, not the
   * solution.
   */
  Throwable dumpProblem() {
    return dumpProblem;
  }

  Throwable setupThrew() {
    return setupThrew;
  }

  Moment join() {
    return join;
  }

  Moment close() {
    return close;
  }

  /** What each supplier gave after join() returned normally: a value, or what get() threw. */
  List<Object> values() {
    synchronized (values) {
      return List.copyOf(values);
    }
  }

  /** Describe what the owner's thread is doing now, for a failure message. */
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
    return "the owner's thread is "
        + thread.getState()
        + " in "
        + phase
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

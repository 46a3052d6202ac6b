package dev.kata.puzzles.p13;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.TimeScale;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One call of the solution's {@code run}, on a thread of its own, watched by the check: what it
 * returned or threw, and when. When the call seems stuck, {@link #awaitEnd} tells why from what the
 * child last reported: a write to a full pipe, a read of a stdin nobody closed.
 */
final class Call {

  /**
   * How long a child may report nothing before the check calls it stuck. A correct run never waits
   * for it.
   */
  static final long STALL_MILLIS = 3_000;

  /** The longest a JVM may take to start and say hello on a loaded machine. */
  static final long START_MILLIS = 60_000;

  /**
   * A child that has ended gets this many stalls' time for run() to return: reading what is left
   * takes a moment.
   */
  private static final int ENDED_FACTOR = 3;

  final Thread thread;
  final long startedAt;
  private volatile ChildRunner.Result result;
  private volatile Throwable failure;
  private volatile long endedAt;

  private Call(ChildRunner solution, List<String> command, Duration timeout, String name) {
    startedAt = System.nanoTime();
    thread =
        Thread.ofPlatform()
            .name(name)
            .daemon(true)
            .unstarted(
                () -> {
                  try {
                    result = solution.run(command, timeout);
                  } catch (Throwable t) {
                    failure = t;
                  } finally {
                    endedAt = System.nanoTime();
                  }
                });
    thread.start();
  }

  /** Call {@code run(command, timeout)} on a new thread named {@code name}. */
  static Call start(ChildRunner solution, List<String> command, Duration timeout, String name) {
    return new Call(solution, command, timeout, name);
  }

  ChildRunner.Result result() {
    return result;
  }

  Throwable failure() {
    return failure;
  }

  boolean ended() {
    return !thread.isAlive();
  }

  /** Milliseconds from the call to its return. */
  long elapsedMillis() {
    return TimeUnit.NANOSECONDS.toMillis(endedAt - startedAt);
  }

  /** Wait at most {@code millis} for the call to end; tell whether it did. */
  boolean join(long millis) {
    try {
      return thread.join(Duration.ofMillis(Math.max(1, millis)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("the check was interrupted", e);
    }
  }

  /**
   * Wait for the call to end while the child {@code child} makes progress; fail, naming where it
   * stuck, when the child reports nothing for {@link #STALL_MILLIS} (scaled) while the call goes
   * on.
   */
  void awaitEnd(ChildReports reports, String child, String invariant) {
    long startLimit =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(START_MILLIS));
    long stall = TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(STALL_MILLIS));
    while (!join(20)) {
      var seen = reports.child(child);
      if (seen.isEmpty()) {
        if (System.nanoTime() > startLimit) {
          throw stuck(
              invariant,
              "the child never started: run() is still busy and no child process said hello");
        }
        continue;
      }
      ChildReports.Child c = seen.get();
      if (System.nanoTime() - c.lastAt() < stall) {
        continue;
      }
      String last = c.last();
      if (last.startsWith("writing ")) {
        String[] parts = last.split(" ");
        String stream = parts[1].equals("out") ? "stdout" : "stderr";
        throw stuck(
            invariant,
            "the child is blocked writing to its "
                + stream
                + " at byte "
                + parts[2]
                + " of "
                + parts[3]
                + ": that pipe is full and nobody reads it, while run() waits for something else"
                + " (the other stream's end, or the child's exit). Both processes wait forever: a"
                + " pipe deadlock. Read stdout and stderr at the same time, each on its own"
                + " thread");
      }
      if (last.startsWith("reading stdin")) {
        throw stuck(
            invariant,
            "the child waits for the end of its standard input, which run() never closed: close the"
                + " child's stdin (process.getOutputStream()) at once, or give it nothing to read");
      }
      if (!c.alive() && System.nanoTime() - c.lastAt() > ENDED_FACTOR * stall) {
        throw stuck(
            invariant,
            "the child ended (it said \"" + last + "\" last) but run() has not returned");
      }
    }
  }

  /**
   * The failure for a call that does not end, after killing what it started so the call can end.
   */
  AssertionError stuck(String invariant, String observed) {
    String where = where();
    return Invariant.violated(
        invariant,
        "run() returns once the child has ended and both streams are read",
        observed,
        where);
  }

  /** Where the caller's thread is now: its top frames. */
  String where() {
    StackTraceElement[] stack = thread.getStackTrace();
    if (stack.length == 0) {
      return "";
    }
    return "  run() was at (thread "
        + thread.getName()
        + ", "
        + thread.getState()
        + "):"
        + System.lineSeparator()
        + Arrays.stream(stack)
            .limit(8)
            .map(f -> "      at " + f)
            .collect(Collectors.joining(System.lineSeparator()));
  }

  /** Describe how the call ended, for a message. */
  String outcome() {
    if (thread.isAlive()) {
      return "run() has not returned";
    }
    if (failure != null) {
      return "run() threw " + failure;
    }
    return "run() returned " + result;
  }
}

package dev.kata.puzzles.p17;

import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import dev.kata.api.check.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caller of one race: a thread of its own that calls {@link Race#firstSuccess} with the check's
 * mirrors, so that the check can watch it wait, interrupt it, and bound how long it takes.
 *
 * <p>What the check must know about the moment the race returned is captured right then, on the
 * caller's thread, before any mirror can move on: which mirrors had ended and been interrupted, and
 * the caller's interrupt flag. A held mirror's cleanup ends only after this snapshot.
 */
final class Caller {

  /** The state at the moment the race returned. */
  record Moment(
      boolean returned,
      Object value,
      Throwable thrown,
      boolean flagAfter,
      List<Boolean> ended,
      List<Boolean> interrupted,
      long elapsedMillis) {

    static final Moment NOT_YET = new Moment(false, null, null, false, List.of(), List.of(), 0);
  }

  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final Thread thread;
  private final Race race;
  private final List<Mirror> mirrors;
  private final Timeline timeline;
  private volatile Moment moment = Moment.NOT_YET;
  private volatile boolean calling;

  Caller(Race race, List<Mirror> mirrors, Timeline timeline) {
    this.race = race;
    this.mirrors = List.copyOf(mirrors);
    this.timeline = timeline;
    this.thread =
        Thread.ofPlatform()
            .name("race-caller-" + NUMBER.incrementAndGet())
            .daemon(true)
            .unstarted(this::run);
  }

  Caller start() {
    thread.start();
    return this;
  }

  private void run() {
    List<Callable<String>> given = new ArrayList<>(mirrors);
    Timeline.Span span = timeline.start("caller: firstSuccess(" + mirrors.size() + " mirrors)");
    long start = System.nanoTime();
    Object value = null;
    Throwable thrown = null;
    calling = true;
    try {
      value = race.firstSuccess(given);
    } catch (Throwable t) {
      thrown = t;
    }
    // First, before any mirror can move on: which had ended at the very moment of return.
    List<Boolean> ended = new ArrayList<>();
    List<Boolean> interrupted = new ArrayList<>();
    for (Mirror mirror : mirrors) {
      ended.add(mirror.ended());
      interrupted.add(mirror.interrupted());
    }
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    boolean flag = Thread.interrupted();
    span.end();
    moment =
        new Moment(
            true, value, thrown, flag, List.copyOf(ended), List.copyOf(interrupted), elapsed);
  }

  /** Whether the race has returned; a held cleanup waits for this. */
  boolean returned() {
    return moment.returned();
  }

  /** Whether the caller is really waiting in the race now: blocked, not sleeping, not spinning. */
  boolean waits() {
    return calling && !moment.returned() && Threads.isWaiting(thread) && !sleeping(thread);
  }

  /**
   * Whether the caller is blocked in the race now, sleeping included: cheaper than {@link #waits()}
   * (no stack trace), for a held cleanup that polls it every millisecond.
   */
  boolean blocked() {
    return calling && !moment.returned() && Threads.isWaiting(thread);
  }

  /** Wait, bounded, until the race has returned; true if it did. */
  boolean awaitReturn(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
    return moment.returned();
  }

  /** Cleanup after a check: interrupt the caller and give it a moment to leave. */
  void abandon() throws InterruptedException {
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(TimeScale.millis(2_000));
    }
  }

  Thread thread() {
    return thread;
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
        + " in firstSuccess"
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

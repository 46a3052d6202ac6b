package dev.kata.puzzles.p12;

import dev.kata.api.check.Threads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A call of {@code shutdown(grace)} on a thread of the checks', so a check can look at it while it
 * waits, bound how long it waits for it, and see the state of the tasks at the moment it returned.
 */
final class ShutdownCall {

  private final Thread thread;
  private final List<HeldTask> tasks;
  private volatile long startedAt;
  private volatile long returnedAt;
  private volatile ShutdownReport report;
  private volatile Throwable thrown;
  private volatile List<HeldTask> runningAtReturn;

  private ShutdownCall(WorkService service, Duration grace, List<HeldTask> tasks) {
    this.tasks = List.copyOf(tasks);
    this.thread =
        Thread.ofPlatform()
            .name("shutdown-caller")
            .daemon(true)
            .unstarted(
                () -> {
                  startedAt = System.nanoTime();
                  try {
                    report = service.shutdown(grace);
                  } catch (Throwable t) {
                    thrown = t;
                  } finally {
                    returnedAt = System.nanoTime();
                    // The promised state at the moment of return, before anything else can change
                    // it.
                    runningAtReturn =
                        this.tasks.stream().filter(t -> t.hasStarted() && !t.hasEnded()).toList();
                  }
                });
  }

  /**
   * Start {@code service.shutdown(grace)} on a new thread; {@code tasks} are the tasks to watch.
   */
  static ShutdownCall start(WorkService service, Duration grace, List<HeldTask> tasks) {
    ShutdownCall call = new ShutdownCall(service, grace, tasks);
    call.thread.start();
    return call;
  }

  /** Wait, bounded, until the call waits (a correct one is draining) or returns. */
  Threads.Seen awaitWaiting(long baseMillis) {
    return Threads.awaitWaiting(thread, baseMillis);
  }

  /**
   * Wait, bounded, until the call returns or cannot go on by itself (waiting, or blocked behind a
   * thread the check holds).
   */
  Threads.Seen awaitEndedOrStopped(long baseMillis) {
    return Threads.awaitEndedOrStopped(thread, baseMillis);
  }

  /** Wait at most {@code millis} (already scaled) for the call to return; tell whether it did. */
  boolean awaitReturn(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
    return !thread.isAlive();
  }

  boolean hasReturned() {
    return !thread.isAlive();
  }

  /** Stop a call that did not return: interrupt it and wait a little. */
  void abandon() throws InterruptedException {
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(2));
    }
  }

  long startedAt() {
    return startedAt;
  }

  long returnedAt() {
    return returnedAt;
  }

  ShutdownReport report() {
    return report;
  }

  Throwable thrown() {
    return thrown;
  }

  List<HeldTask> runningAtReturn() {
    return runningAtReturn;
  }

  String stateNow() {
    return thread.getState().toString();
  }
}

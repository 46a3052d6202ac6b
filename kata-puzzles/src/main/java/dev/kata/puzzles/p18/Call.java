package dev.kata.puzzles.p18;

import dev.kata.api.check.Patience;
import dev.kata.api.check.TimeScale;
import java.util.concurrent.CountDownLatch;

/**
 * A call of the solution ({@code save} or {@code awaitCommits}) on a platform thread of the
 * checks', so a check can watch it wait, interrupt it, and see how it ended.
 */
final class Call {

  /** The call to make. */
  @FunctionalInterface
  interface Action {
    void run() throws InterruptedException;
  }

  final String name;
  private final Thread thread;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Throwable thrown;
  private volatile boolean flagAtEnd;
  private volatile long endedAt;

  private Call(String name, Action action) {
    this.name = name;
    this.thread =
        Thread.ofPlatform()
            .name("caller of " + name)
            .daemon(true)
            .unstarted(
                () -> {
                  try {
                    action.run();
                    flagAtEnd = Thread.currentThread().isInterrupted();
                  } catch (Throwable t) {
                    thrown = t;
                    flagAtEnd = Thread.currentThread().isInterrupted();
                  } finally {
                    endedAt = System.nanoTime();
                    done.countDown();
                  }
                });
  }

  static Call start(String name, Action action) {
    Call call = new Call(name, action);
    call.thread.start();
    return call;
  }

  Thread thread() {
    return thread;
  }

  boolean isDone() {
    return done.getCount() == 0;
  }

  /**
   * Wait, bounded, for the call to end, and then for its thread to end too; kata ends the first
   * wait early once nothing can move (see {@link Patience}).
   */
  boolean awaitDone(long baseMillis) throws InterruptedException {
    if (!Patience.await(done, baseMillis)) {
      return false;
    }
    thread.join(TimeScale.millis(baseMillis));
    return true;
  }

  /** What it threw, or null if it returned (or is still running). */
  Throwable thrown() {
    return thrown;
  }

  /** Whether the caller's interrupt flag was set when the call ended. */
  boolean flagAtEnd() {
    return flagAtEnd;
  }

  long endedAt() {
    return endedAt;
  }

  /** What the call is doing, in words, for a failure message. */
  String doing() {
    if (isDone()) {
      return name + (thrown == null ? " returned" : " threw " + thrown);
    }
    return name + " still running (" + thread.getState() + ")";
  }

  @Override
  public String toString() {
    return name;
  }
}

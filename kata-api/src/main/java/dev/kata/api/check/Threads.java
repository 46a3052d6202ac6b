package dev.kata.api.check;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * Tell what a solution's thread is doing, as checks need to know it.
 *
 * @since 0.1
 */
public final class Threads {

  private Threads() {}

  /**
   * Tell whether a thread is really waiting: in a wait, a sleep, or parked on a condition, latch or
   * queue; not merely parked for a moment on a lock's synchronizer, where a spinning thread also
   * lands whenever the lock is contended (for instance by the check's own probe).
   *
   * <p>A thread's state and its blocker are read one after the other; call it on several polls in
   * a row where a single wrong answer would matter.
   *
   * @param thread the thread to look at
   */
  public static boolean isWaiting(Thread thread) {
    Thread.State state = thread.getState();
    boolean parked = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    return parked && !(LockSupport.getBlocker(thread) instanceof AbstractQueuedSynchronizer);
  }
}

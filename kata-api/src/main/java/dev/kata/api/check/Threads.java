package dev.kata.api.check;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Tell what a solution's thread is doing, as checks need to know it.
 *
 * @since 0.1
 */
public final class Threads {

  private Threads() {}

  /**
   * Tell whether a thread is really waiting: in a wait, a sleep, or parked on a condition, latch,
   * semaphore or queue; not merely parked for a moment on a lock (ReentrantLock, a read-write lock),
   * where a spinning thread also lands whenever the lock is contended (for instance by the check's
   * own probe of a queue).
   *
   * <p>A thread's state and its blocker are read one after the other; call it on several polls in
   * a row where a single wrong answer would matter.
   *
   * @param thread the thread to look at
   */
  public static boolean isWaiting(Thread thread) {
    Thread.State state = thread.getState();
    boolean parked = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    return parked && !isLockSynchronizer(LockSupport.getBlocker(thread));
  }

  /**
   * A lock's own synchronizer (ReentrantLock's, a read-write lock's) means contention for the lock.
   * Latches, semaphores and conditions are synchronizers too, but waiting on those is real waiting.
   */
  private static boolean isLockSynchronizer(Object blocker) {
    if (!(blocker instanceof AbstractQueuedSynchronizer)) {
      return false;
    }
    Class<?> owner = blocker.getClass().getEnclosingClass();
    return owner != null && (Lock.class.isAssignableFrom(owner) || ReadWriteLock.class.isAssignableFrom(owner));
  }
}

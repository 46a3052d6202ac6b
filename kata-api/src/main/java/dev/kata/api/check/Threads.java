package dev.kata.api.check;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.BooleanSupplier;

/**
 * Tell what a solution's thread is doing, as checks need to know it.
 *
 * @since 0.1
 */
public final class Threads {

  /** How many polls in a row {@link #awaitWaiting} must see a thread waiting. */
  public static final int STABLE_POLLS = 3;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private Threads() {}

  /**
   * Every live platform thread, without its stack. {@link Thread#getAllStackTraces()} answers the
   * same question but brings every thread to a stop to walk its stack, which a check polling in a
   * loop must not do to the solution it watches. Virtual threads are not included; {@link
   * ThreadDump} sees those.
   *
   * @return the live platform threads, in no particular order
   */
  public static List<Thread> platformThreads() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int count = root.enumerate(threads, true);
    while (count == threads.length) {
      threads = new Thread[threads.length * 2];
      count = root.enumerate(threads, true);
    }
    return List.of(Arrays.copyOf(threads, count));
  }

  /** What a watched thread did while a check waited for it to wait. */
  public enum Seen {
    /** It ended (a thread not started yet has not ended). */
    ENDED,
    /** It was really waiting on {@link #STABLE_POLLS} polls in a row, while the condition held. */
    WAITING,
    /** Neither, within the scaled time limit: typically it spins instead of blocking. */
    NEVER_WAITED
  }

  /**
   * Wait, bounded, until {@code thread} ends or is seen really waiting (see {@link #isWaiting}) on
   * {@link #STABLE_POLLS} polls a millisecond apart. A correct solution gets there at once; only
   * one that never blocks reaches the limit. If this thread is interrupted, report the thread
   * waiting.
   *
   * @param thread the solution's thread
   * @param baseMillis the limit, before {@link TimeScale} is applied
   */
  public static Seen awaitWaiting(Thread thread, long baseMillis) {
    return awaitWaiting(thread, baseMillis, () -> true);
  }

  /**
   * Like {@link #awaitWaiting(Thread, long)}, counting a poll only while {@code alsoHolds} is true
   * too, such as "the buffer is full" for a producer that must block on it.
   *
   * @param thread the solution's thread
   * @param baseMillis the limit, before {@link TimeScale} is applied
   * @param alsoHolds a condition that must hold at each counted poll
   */
  public static Seen awaitWaiting(Thread thread, long baseMillis, BooleanSupplier alsoHolds) {
    return await(thread, baseMillis, () -> alsoHolds.getAsBoolean() && isWaiting(thread));
  }

  /**
   * Wait, bounded, until {@code thread} ends or cannot go on by itself: it is waiting, sleeping,
   * parked or blocked on a monitor, of any kind (a lock's included), on {@link #STABLE_POLLS} polls
   * a millisecond apart. For a thread that waits behind another the check holds (with {@link
   * CallGate}): whatever it waits for, it stays waiting. If this thread is interrupted, report the
   * thread waiting.
   *
   * @param thread the solution's thread
   * @param baseMillis the limit, before {@link TimeScale} is applied
   */
  public static Seen awaitEndedOrStopped(Thread thread, long baseMillis) {
    return await(thread, baseMillis, () -> cannotGoOnByItself(thread));
  }

  /**
   * Tell whether {@code thread} cannot go on by itself right now: it has ended, or is waiting,
   * sleeping, parked or blocked on a monitor, of any kind, and not merely behind a thread that is
   * running. A thread blocked on a monitor (or parked on a lock) whose owner runs is only passing
   * through: the owner may be the check itself, reading a {@link CallGate} or a {@link Timeline},
   * or another thread loading a class, and on a loaded machine such a moment can last several
   * polls. Behind an owner that is itself waiting, or held by a gate, it is stopped. One poll: call
   * it on several in a row where a single wrong answer would matter.
   *
   * @param thread the thread to look at
   */
  public static boolean cannotGoOnByItself(Thread thread) {
    Thread.State state = thread.getState();
    if (state == Thread.State.TERMINATED) {
      return true;
    }
    if (state == Thread.State.RUNNABLE || state == Thread.State.NEW) {
      return false;
    }
    return !behindARunningOwner(thread);
  }

  /**
   * Whether the monitor or lock {@code thread} waits for is owned by a thread that is running. A
   * virtual thread's lock information is not available from {@link ThreadMXBean}: it counts as not
   * behind a running owner, as before this distinction was made.
   */
  private static boolean behindARunningOwner(Thread thread) {
    if (thread.isVirtual()) {
      return false;
    }
    ThreadInfo info = THREADS.getThreadInfo(thread.threadId());
    if (info == null || info.getLockOwnerId() < 0) {
      return false;
    }
    ThreadInfo owner = THREADS.getThreadInfo(info.getLockOwnerId());
    return owner != null && owner.getThreadState() == Thread.State.RUNNABLE;
  }

  /**
   * Poll a millisecond apart until {@code thread} ends or {@code stopped} holds on {@link
   * #STABLE_POLLS} polls in a row, within the scaled limit.
   */
  private static Seen await(Thread thread, long baseMillis, BooleanSupplier stopped) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(baseMillis));
    int stoppedPolls = 0;
    while (true) {
      if (thread.getState() == Thread.State.TERMINATED) {
        return Seen.ENDED;
      }
      stoppedPolls = stopped.getAsBoolean() ? stoppedPolls + 1 : 0;
      if (stoppedPolls == STABLE_POLLS) {
        return Seen.WAITING;
      }
      if (System.nanoTime() > deadline) {
        return Seen.NEVER_WAITED;
      }
      try {
        thread.join(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Seen.WAITING;
      }
    }
  }

  /**
   * Tell whether a thread is really waiting: in a wait, a sleep, or parked on a condition, latch,
   * semaphore or queue; not merely parked for a moment on a lock (ReentrantLock, a read-write
   * lock), where a spinning thread also lands whenever the lock is contended (for instance by the
   * check's own probe of a queue).
   *
   * <p>A thread's state and its blocker are read one after the other; call it on several polls in a
   * row where a single wrong answer would matter.
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
    return owner != null
        && (Lock.class.isAssignableFrom(owner) || ReadWriteLock.class.isAssignableFrom(owner));
  }

  /** How long every thread left must be seen idle in its pool's queue for {@link #awaitEnded}. */
  public static final long IDLE_MILLIS = 300;

  /**
   * Wait, bounded, for threads to end; return those still alive. A pool shut down at the end of a
   * call has its workers leave their queue within milliseconds of {@code shutdown()}. So once every
   * thread left is an idle pool worker ({@link #idlePoolWorker}), seen so for {@link #IDLE_MILLIS}
   * (scaled), none of them is on its way out: its pool was never shut down, and the rest of the
   * bound is not waited out. (Workers that would end by their keep-alive time, 60 s for a cached
   * pool, outlive the call all the same.)
   *
   * @param threads the threads that must end
   * @param baseMillis the bound, before {@link TimeScale} is applied
   * @return the threads still alive, in the given order; empty if all ended
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public static List<Thread> awaitEnded(Collection<Thread> threads, long baseMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(baseMillis));
    long idleFor = TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(IDLE_MILLIS));
    long idleSince = 0;
    while (true) {
      List<Thread> alive = threads.stream().filter(Thread::isAlive).toList();
      long now = System.nanoTime();
      if (alive.isEmpty() || now > deadline) {
        return alive;
      }
      if (alive.stream().allMatch(Threads::idlePoolWorker)) {
        if (idleSince == 0) {
          idleSince = now;
        } else if (now - idleSince > idleFor) {
          return alive;
        }
      } else {
        idleSince = 0;
      }
      Thread.sleep(10); // polling for an end within the bound, not asserting after a sleep
    }
  }

  /**
   * Tell whether {@code t} is a pool's worker waiting in its queue for a task: parked in {@code
   * ThreadPoolExecutor.getTask} or {@code ForkJoinPool.awaitWork}, not running one. A worker of a
   * {@code ScheduledThreadPoolExecutor} is never idle in this sense: shut down with a delayed task
   * pending, it still runs the task when it is due, by default, and waits for it on purpose.
   *
   * @param t the thread to look at
   */
  public static boolean idlePoolWorker(Thread t) {
    return idlePoolWorker(t.getState(), t.getStackTrace());
  }

  /**
   * Tell whether a thread seen in {@code state}, with {@code stack}, is a pool's worker waiting in
   * its queue for a task, as {@link #idlePoolWorker(Thread)} does: for a caller that already holds
   * the thread's stack.
   *
   * @param state the thread's state
   * @param stack the thread's stack, innermost frame first
   */
  public static boolean idlePoolWorker(Thread.State state, StackTraceElement[] stack) {
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement frame : stack) {
      String at = frame.getClassName() + "." + frame.getMethodName();
      if (frame.getClassName().startsWith("java.util.concurrent.ScheduledThreadPoolExecutor")) {
        return false;
      }
      if (at.equals("java.util.concurrent.ThreadPoolExecutor.getTask")
          || at.equals("java.util.concurrent.ForkJoinPool.awaitWork")) {
        return true;
      }
      if (at.equals("java.util.concurrent.ThreadPoolExecutor.runWorker")
          || at.equals("java.util.concurrent.ForkJoinPool.runWorker")) {
        return false; // below getTask: the worker is running a task
      }
    }
    return false;
  }
}

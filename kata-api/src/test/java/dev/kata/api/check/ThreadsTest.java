package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class ThreadsTest {

  @Test
  void waitingOnALatchOrASemaphoreIsWaiting() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    Semaphore none = new Semaphore(0);
    Thread latch = Thread.ofPlatform().start(() -> awaitQuietly(never));
    Thread semaphore = Thread.ofPlatform().start(() -> none.acquireUninterruptibly());
    try {
      awaitParked(latch);
      awaitParked(semaphore);

      assertThat(Threads.isWaiting(latch)).isTrue();
      assertThat(Threads.isWaiting(semaphore)).isTrue();
    } finally {
      never.countDown();
      none.release();
      latch.join();
      semaphore.join();
    }
  }

  @Test
  @SuppressWarnings("LockNotBeforeTry") // held before the contender starts, so it must contend
  void parkedOnAContendedLockIsNotWaiting() throws InterruptedException {
    ReentrantLock lock = new ReentrantLock();
    lock.lock();
    Thread contender = Thread.ofPlatform().start(lock::lock);
    try {
      awaitParked(contender);

      assertThat(Threads.isWaiting(contender)).isFalse();
    } finally {
      lock.unlock();
      contender.join();
    }
  }

  @Test
  void platformThreadsAreTheSameThreadsAsGetAllStackTracesFinds() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    ThreadGroup nested = new ThreadGroup(new ThreadGroup("outer"), "inner");
    Thread inNestedGroup = Thread.ofPlatform().group(nested).start(() -> awaitQuietly(never));
    Thread virtual = Thread.ofVirtual().start(() -> awaitQuietly(never));
    try {
      var before = Thread.getAllStackTraces().keySet();
      var found = Threads.platformThreads();

      assertThat(found).contains(Thread.currentThread(), inNestedGroup).doesNotContain(virtual);
      // A thread that ended between the two calls may be missing; every other one is there.
      assertThat(found).containsAll(before.stream().filter(Thread::isAlive).toList());
    } finally {
      never.countDown();
      inNestedGroup.join();
      virtual.join();
    }
  }

  @Test
  void runningIsNotWaiting() {
    assertThat(Threads.isWaiting(Thread.currentThread())).isFalse();
  }

  @Test
  void awaitWaitingTellsABlockedThreadFromAnEndedOneAndASpinningOne() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();
    Thread blocked = Thread.ofPlatform().start(() -> awaitQuietly(never));
    Thread ended = Thread.ofPlatform().start(() -> {});
    Thread spinning =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!stop.get()) {
                    Thread.onSpinWait();
                  }
                });
    try {
      ended.join();
      // Generous limits for the threads that get there; only the spinner uses its (short) limit up.
      assertThat(Threads.awaitWaiting(blocked, 10_000)).isEqualTo(Threads.Seen.WAITING);
      assertThat(Threads.awaitWaiting(ended, 10_000)).isEqualTo(Threads.Seen.ENDED);
      assertThat(Threads.awaitWaiting(spinning, 50)).isEqualTo(Threads.Seen.NEVER_WAITED);
      assertThat(Threads.awaitWaiting(blocked, 50, () -> false))
          .as("the extra condition never held")
          .isEqualTo(Threads.Seen.NEVER_WAITED);
    } finally {
      never.countDown();
      stop.set(true);
      blocked.join();
      spinning.join();
    }
  }

  @Test
  void behindARunningOwnerAThreadCanStillGoOnBehindAWaitingOneItCannot() throws Exception {
    Object monitor = new Object();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch owning = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    Thread spinningOwner =
        Thread.ofPlatform()
            .start(
                () -> {
                  synchronized (monitor) {
                    owning.countDown();
                    while (!stop.get()) {
                      Thread.onSpinWait();
                    }
                  }
                });
    owning.await();
    Thread behindRunning = Thread.ofPlatform().start(() -> enter(monitor));
    ReentrantLock lock = new ReentrantLock();
    Thread waitingOwner =
        Thread.ofPlatform()
            .start(
                () -> {
                  lock.lock();
                  try {
                    awaitQuietly(never);
                  } finally {
                    lock.unlock();
                  }
                });
    awaitParked(waitingOwner);
    Thread behindWaiting = Thread.ofPlatform().start(lock::lock);
    try {
      awaitState(behindRunning, Thread.State.BLOCKED);
      awaitParked(behindWaiting);

      assertThat(Threads.cannotGoOnByItself(behindRunning)).as("blocked, owner spins").isFalse();
      assertThat(Threads.awaitEndedOrStopped(behindRunning, 50))
          .isEqualTo(Threads.Seen.NEVER_WAITED);
      assertThat(Threads.cannotGoOnByItself(behindWaiting)).as("parked, owner waits").isTrue();
      assertThat(Threads.awaitEndedOrStopped(behindWaiting, 10_000))
          .isEqualTo(Threads.Seen.WAITING);
    } finally {
      stop.set(true);
      never.countDown();
      for (Thread t : List.of(spinningOwner, behindRunning, waitingOwner, behindWaiting)) {
        t.join();
      }
    }
  }

  private static void enter(Object monitor) {
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != state && System.nanoTime() < deadline) {
      thread.join(1);
    }
  }

  /** Wait until the thread has parked, bounded; the assertions then read a settled state. */
  private static void awaitParked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      thread.join(1);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aWorkerWaitingInItsPoolsQueueIsIdleAndOneRunningATaskIsNot() throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    java.util.concurrent.ScheduledExecutorService scheduler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.ConcurrentHashMap<String, Thread> workers =
        new java.util.concurrent.ConcurrentHashMap<>();
    try {
      var _ = pool.submit(() -> workers.put("idle", Thread.currentThread())).get();
      var _ =
          pool.submit(
              () -> {
                workers.put("busy", Thread.currentThread());
                release.await();
                return null;
              });
      var _ = scheduler.submit(() -> workers.put("scheduler", Thread.currentThread())).get();
      while (workers.size() < 3) {
        Thread.onSpinWait();
      }
      awaitParked(workers.get("idle"));
      awaitParked(workers.get("busy"));
      awaitParked(workers.get("scheduler"));

      assertThat(Threads.idlePoolWorker(workers.get("idle"))).isTrue();
      assertThat(Threads.idlePoolWorker(workers.get("busy"))).isFalse();
      assertThat(Threads.idlePoolWorker(workers.get("scheduler"))).isFalse();
      assertThat(Threads.idlePoolWorker(Thread.currentThread())).isFalse();
    } finally {
      release.countDown();
      pool.shutdownNow();
      scheduler.shutdownNow();
    }
  }
}

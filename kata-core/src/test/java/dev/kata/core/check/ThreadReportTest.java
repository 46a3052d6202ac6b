package dev.kata.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * The report of a real, steered deadlock of this JVM: two threads, each holding the lock the other
 * wants.
 */
class ThreadReportTest {

  @Test
  void aLockCycleIsNamedWithWhoHoldsWhatAndWaitsForWhat() throws Exception {
    ReentrantLock first = new ReentrantLock();
    ReentrantLock second = new ReentrantLock();
    CountDownLatch bothHold = new CountDownLatch(2);
    Thread a =
        Thread.ofPlatform()
            .daemon()
            .name("kata-report-a")
            .unstarted(() -> crossing(first, second, bothHold));
    Thread b =
        Thread.ofPlatform()
            .daemon()
            .name("kata-report-b")
            .unstarted(() -> crossing(second, first, bothHold));
    try {
      a.start();
      b.start();
      // Each holds one lock and is parked on the other's: a deadlock, made. Queued alone is not
      // enough: until it parks, a thread has no lock to wait for in a dump.
      while (!parkedOn(second, a) || !parkedOn(first, b)) {
        Thread.onSpinWait();
      }

      ThreadReport report =
          ThreadReport.capture("dev.kata.core.check", Set.of(Thread.currentThread().threadId()));

      assertThat(report.hasDeadlock()).isTrue();
      assertThat(report.inLearnerCode())
          .as("the threads run this package's code, given as the learner's")
          .isTrue();
      String text = report.render();
      assertThat(text)
          .startsWith("lock cycle (deadlock):")
          .contains(
              "thread \"kata-report-a\" holds ReentrantLock",
              "thread \"kata-report-b\" holds ReentrantLock",
              "and waits for ReentrantLock",
              ", held by thread \"kata-report-",
              "at dev.kata.core.check.ThreadReportTest")
          .contains("threads at the time limit:");
      assertThat(text.indexOf("lock cycle"))
          .as("one cycle, named once")
          .isEqualTo(text.lastIndexOf("lock cycle"));
    } finally {
      a.interrupt();
      b.interrupt();
      a.join();
      b.join();
    }
  }

  @Test
  void withoutACycleThereIsNoDeadlock() {
    ThreadReport report =
        ThreadReport.capture("dev.kata.nothing.here", Set.of(Thread.currentThread().threadId()));

    assertThat(report.hasDeadlock()).isFalse();
    assertThat(report.render()).doesNotContain("lock cycle");
  }

  private static boolean parkedOn(ReentrantLock lock, Thread thread) {
    return lock.hasQueuedThread(thread) && thread.getState() == Thread.State.WAITING;
  }

  private static void crossing(ReentrantLock mine, ReentrantLock theirs, CountDownLatch bothHold) {
    mine.lock();
    try {
      bothHold.countDown();
      bothHold.await();
      theirs.lockInterruptibly(); // never granted: the other thread holds it and waits for ours
      theirs.unlock();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the test ends the deadlock this way
    } finally {
      mine.unlock();
    }
  }
}

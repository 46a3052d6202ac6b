package dev.kata.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class ThreadHygieneTest {

  /** Kept so the test cases' pools can be shut down after their verdicts. */
  private static final List<ExecutorService> LEFT = new ArrayList<>();

  @Test
  void poolsNeverShutDownAreNamedAsSuch() {
    try {
      assertThat(GuardRuns.failures(LeavesPoolsTestCase.class))
          .hasSize(2)
          .allSatisfy(
              message ->
                  assertThat(message)
                      .contains("nothing your code starts outlives the call")
                      .contains("an idle worker of a pool never shut down"));
    } finally {
      LEFT.forEach(ExecutorService::shutdownNow);
    }
  }

  @Test
  void aPoolShutDownWithoutWaitingAndAThreadThatEndsSoonAreNoLeak() {
    assertThat(GuardRuns.failures(EndsSoonTestCase.class)).isEmpty();
  }

  @Test
  void aThreadStillRunningATaskIsALeakButNotAnIdleWorker() {
    List<String> failures = GuardRuns.failures(BusyPoolTestCase.class);
    LEFT.forEach(ExecutorService::shutdownNow);
    assertThat(failures)
        .singleElement()
        .asString()
        .contains("1 thread is still running after the check")
        .doesNotContain("idle worker");
  }

  @ExtendWith(ThreadHygiene.class)
  static class LeavesPoolsTestCase {
    @Test
    void fixedPoolNeverShutDown() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      LEFT.add(pool);
      pool.submit(() -> 1).get(); // a worker started, now idle in take()
    }

    @Test
    void cachedPoolNeverShutDown() throws Exception {
      ExecutorService pool = Executors.newCachedThreadPool();
      LEFT.add(pool);
      pool.submit(() -> 1).get(); // a worker started, now idle in a 60 s poll()
    }
  }

  @ExtendWith(ThreadHygiene.class)
  static class EndsSoonTestCase {
    @Test
    void poolShutDownNotAwaited() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      pool.submit(() -> 1).get();
      pool.shutdown(); // its workers leave their queue a moment after the check
    }

    @Test
    void schedulerShutDownWithADelayedTaskPending() {
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
      var _ = scheduler.schedule(() -> {}, 500, TimeUnit.MILLISECONDS);
      scheduler.shutdown(); // runs the delayed task when due, then ends: within the grace
    }
  }

  @ExtendWith(ThreadHygiene.class)
  static class BusyPoolTestCase {
    @Test
    void poolRunningATaskThatWaits() throws Exception {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      LEFT.add(pool);
      CountDownLatch running = new CountDownLatch(1);
      var _ =
          pool.submit(
              () -> {
                running.countDown();
                new CountDownLatch(1).await(); // until shutdownNow
                return null;
              });
      running.await();
    }
  }
}

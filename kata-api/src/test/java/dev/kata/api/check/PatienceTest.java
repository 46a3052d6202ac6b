package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What kata may end, and what it may not: begun-before waits yes; holds and later waits no. */
class PatienceTest {

  private final CountDownLatch never = new CountDownLatch(1);

  /** Start a thread that waits through Patience, and wait until it is in its wait. */
  private CompletableFuture<Boolean> waitingThread(boolean hold) throws InterruptedException {
    CompletableFuture<Boolean> outcome = new CompletableFuture<>();
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    outcome.complete(
                        hold ? Patience.hold(never, 60_000) : Patience.await(never, 60_000));
                  } catch (InterruptedException e) {
                    outcome.completeExceptionally(e);
                  }
                });
    while (!Patience.isWaiting(t.threadId()) && t.isAlive()) {
      Thread.onSpinWait();
    }
    return outcome;
  }

  @Test
  void aWaitThatBeganBeforeIsEndedAsIfItsBoundHadPassed() throws Exception {
    CompletableFuture<Boolean> waiting = waitingThread(false);

    int ended = Patience.endWaitsBegunBefore(System.nanoTime());

    assertThat(ended).isEqualTo(1);
    assertThat(waiting.get(10, TimeUnit.SECONDS)).as("the latch was never opened").isFalse();
  }

  @Test
  void itSaysHowAnUnmetWaitEnded() throws Exception {
    boolean met = Patience.await(never, 1);

    assertThat(met).isFalse();
    assertThat(Patience.howItEnded()).isEqualTo("within " + TimeScale.millis(1) + " ms");
    assertThat(Patience.howLongItWaited()).isEqualTo(TimeScale.millis(1) + " ms");
  }

  @Test
  void aHoldAndAWaitBegunLaterGoOn() throws Exception {
    long before = System.nanoTime();
    CompletableFuture<Boolean> later = waitingThread(false);
    CompletableFuture<Boolean> held = waitingThread(true);

    int ended = Patience.endWaitsBegunBefore(before);
    never.countDown();

    assertThat(ended).isZero();
    assertThat(later.get(10, TimeUnit.SECONDS)).as("it saw the latch open").isTrue();
    assertThat(held.get(10, TimeUnit.SECONDS)).as("it saw the latch open").isTrue();
  }

  @Test
  void aBlockingCallOfTheChecksIsAWaitOnlyWhileItBlocks() throws Exception {
    long me = Thread.currentThread().threadId();

    boolean during = Patience.waitForLearner(() -> Patience.isWaiting(me));
    int ended = Patience.endWaitsBegunBefore(System.nanoTime());

    assertThat(during).isTrue();
    assertThat(ended).as("never ended early").isZero();
    assertThat(Patience.isWaiting(me)).isFalse();
  }

  @Test
  void untilReturnsOnceTheConditionHoldsAndTheThreadIsNoLongerWaiting() throws Exception {
    AtomicBoolean flag = new AtomicBoolean();
    Thread setter = Thread.ofPlatform().start(() -> flag.set(true));

    boolean met = Patience.until(flag::get, 60_000);
    setter.join();

    assertThat(met).isTrue();
    assertThat(Patience.isWaiting(Thread.currentThread().threadId())).isFalse();
  }
}

package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CarriersTest {

  @Test
  void aVirtualThreadWokenWhileTheCarriersAreHeldRunsOnlyOnceTheyAreLetGo()
      throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    Optional<Carriers> held = Carriers.holdAll(5_000);
    assertThat(held).as("every carrier taken on an idle scheduler").isPresent();
    Thread woken;
    try (Carriers hold = held.get()) {
      woken = Thread.ofVirtual().start(ran::countDown);
      // A bounded look for something that must not happen while the hold lasts.
      assertThat(ran.await(300, TimeUnit.MILLISECONDS)).as("ran while held").isFalse();
      assertThat(hold.holding()).isTrue();
    }
    ran.await();
    woken.join();
    assertThat(held.get().holding()).isFalse();
  }

  @Test
  void aVirtualThreadThatNeverBlocksKeepsItsCarrierAndTheHoldIsRefused()
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch spinning = new CountDownLatch(1);
    Thread spinner =
        Thread.ofVirtual()
            .start(
                () -> {
                  spinning.countDown();
                  while (!stop.get()) {
                    Thread.onSpinWait();
                  }
                });
    try {
      spinning.await();
      assertThat(Carriers.holdAll(300)).isEmpty();
    } finally {
      stop.set(true);
      spinner.join();
    }
    // and the spinners of the refused hold end once they get a carrier: a new hold succeeds
    Optional<Carriers> again = Carriers.holdAll(5_000);
    assertThat(again).isPresent();
    again.get().close();
  }
}

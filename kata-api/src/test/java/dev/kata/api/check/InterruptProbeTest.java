package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class InterruptProbeTest {

  private final BlockingQueue<Integer> full =
      new ArrayBlockingQueue<>(1, false, java.util.List.of(0));

  @Test
  void anOperationThatThrowsInterruptedExceptionHonoursTheInterrupt() {
    InterruptProbe.Outcome outcome =
        InterruptProbe.interruptWhenBlocked(
            "put()",
            () -> {
              full.put(1);
              return null;
            },
            () -> true);

    assertThat(outcome.kind()).isEqualTo(InterruptProbe.Kind.THREW);
    outcome.requireHonoured();
  }

  @Test
  void anOperationThatRestoresTheFlagHonoursTheInterrupt() {
    InterruptProbe.Outcome outcome =
        InterruptProbe.interruptWhenBlocked(
            "produce()",
            () -> {
              try {
                full.put(1);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return 0;
            },
            () -> true);

    assertThat(outcome.kind()).isEqualTo(InterruptProbe.Kind.RETURNED_WITH_FLAG);
    assertThat(outcome.value()).isEqualTo(0);
  }

  @Test
  void aSwallowedInterruptIsReportedAsExactlyThat() {
    InterruptProbe.Outcome outcome =
        InterruptProbe.interruptWhenBlocked(
            "produce()",
            () -> {
              try {
                full.put(1);
              } catch (InterruptedException e) {
                // swallowed: the flag stays cleared
              }
              return 0;
            },
            () -> true);

    assertThat(outcome.kind()).isEqualTo(InterruptProbe.Kind.SWALLOWED);
    assertThatThrownBy(outcome::requireHonoured)
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("invariant: an interrupted produce() stops and keeps the interrupt")
        .hasMessageContaining(
            "swallowed interrupt: it returned with the thread's interrupt flag cleared")
        .hasMessageContaining("Thread.currentThread().interrupt()");
  }

  @Test
  void anIgnoredInterruptIsReportedAsExactlyThat() {
    CountDownLatch never = new CountDownLatch(1);
    InterruptProbe.Outcome outcome =
        InterruptProbe.interruptWhenBlocked(
            "waitForever()",
            () -> {
              while (never.getCount() > 0) {
                try {
                  never.await();
                } catch (InterruptedException e) {
                  // ignored: wait again, as if nothing happened
                }
              }
              return null;
            },
            () -> true);

    never.countDown(); // let the probe's thread end
    assertThat(outcome.kind()).isEqualTo(InterruptProbe.Kind.IGNORED);
    assertThatThrownBy(outcome::requireHonoured)
        .hasMessageContaining("ignored interrupt: it was still running");
  }
}

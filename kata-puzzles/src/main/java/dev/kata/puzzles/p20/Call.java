package dev.kata.puzzles.p20;

import dev.kata.api.check.Patience;
import dev.kata.api.check.TimeScale;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@link UdpClient#request} running on a thread of the check's own, so the check can wait for
 * it within a bound, interrupt it, or give up on it when a wrong client never returns.
 */
final class Call {

  private final Thread thread;
  private final CountDownLatch done = new CountDownLatch(1);
  private final long startNanos = System.nanoTime();
  private volatile long endNanos;
  private volatile byte[] result;
  private volatile Throwable failure;

  private Call(String name, UdpClient client, byte[] payload, Duration perTry, int attempts) {
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("check-" + name)
            .unstarted(
                () -> {
                  try {
                    result = client.request(payload, perTry, attempts);
                  } catch (Exception | Error e) {
                    failure = e;
                  } finally {
                    endNanos = System.nanoTime();
                    done.countDown();
                  }
                });
  }

  static Call start(String name, UdpClient client, byte[] payload, Duration perTry, int attempts) {
    Call call = new Call(name, client, payload, perTry, attempts);
    call.start();
    return call;
  }

  /** A request not started yet, so that a check can name its thread first (to a CallGate). */
  static Call unstarted(
      String name, UdpClient client, byte[] payload, Duration perTry, int attempts) {
    return new Call(name, client, payload, perTry, attempts);
  }

  void start() {
    thread.start();
  }

  Thread thread() {
    return thread;
  }

  /**
   * Wait for the request to end, at most {@code baseMillis} scaled; true if it ended. kata ends the
   * wait early once nothing can move (see {@link Patience}).
   */
  boolean await(long baseMillis) throws InterruptedException {
    return Patience.await(done, baseMillis);
  }

  boolean started() {
    return thread.getState() != Thread.State.NEW;
  }

  boolean ended() {
    return done.getCount() == 0;
  }

  void interrupt() {
    thread.interrupt();
  }

  /** Wait a little for a call the check has given up on, after its client was closed. */
  void abandon() throws InterruptedException {
    thread.interrupt();
    done.await(TimeScale.millis(1_000), TimeUnit.MILLISECONDS);
  }

  byte[] result() {
    return result;
  }

  Throwable failure() {
    return failure;
  }

  long elapsedMillis() {
    return (endNanos - startNanos) / 1_000_000;
  }
}

package dev.kata.puzzles.p07;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.Patience;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The check of puzzle 07 that a side waits for a slow other side as long as it takes. It is a class
 * of its own because the solution's timeouts are a thousand times shorter here ({@code
 * timeoutsShortenedBy}): a consumer whose {@code poll(5, SECONDS)} gives up, or a producer whose
 * timed {@code offer} drops an item, then gives up within the check's hold of 3 s on every run,
 * while an untimed wait, or a timed one that waits again, is unchanged in effect. The other checks
 * of 07 keep the solution's own timeouts: Lincheck, which explores a learner's own buffer there,
 * does not see into a class kata rewrote.
 *
 * <p>Contract audit: this class tests produce, "put every item, in order, waiting while it is full"
 * and "returns all of them" (an offer that times out and drops the item), and consume, "take
 * exactly count items ... waiting while the buffer is empty" (a poll that times out and gives up).
 * {@link BackpressureChecks} maps every sentence.
 */
@PuzzleChecks(timeLimitSeconds = 60, timeoutsShortenedBy = 1000)
public class SlowSidesChecks {

  private static final long WAIT_MILLIS = WatchedBuffer.WAIT_MILLIS;
  private static final long FINISH_MILLIS = BackpressureChecks.FINISH_MILLIS;

  /**
   * A timed wait still running after this long (before TimeScale) is not treated as giving up: with
   * the solution's timeouts a thousand times shorter, that is any timeout under 50 minutes.
   */
  private static final long OUTLIVE_MILLIS = 3_000;

  @Test
  @Order(1)
  @DisplayName("each side waits for a slow other side as long as it takes, not until a timeout")
  void slowSidesAreWaitedFor(Conveyor solution) {
    // The consumer: nothing comes until its wait is seen and, if it is a timed one, outlived.
    WatchedBuffer<Integer> empty = new WatchedBuffer<>(2, Set.of());
    List<Integer> received = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread consumer =
        Thread.ofPlatform()
            .name("consumer")
            .start(
                () -> {
                  try {
                    solution.consume(
                        empty,
                        2,
                        item -> {
                          synchronized (received) {
                            received.add(item);
                          }
                        });
                  } catch (Throwable t) {
                    failure.set(t);
                  }
                });
    String consumerGaveUp = outlive(consumer, empty, empty::isEmpty);
    if (consumerGaveUp != null) {
      throw Invariant.violated(
          "consume() waits while the buffer is empty, however slow the producer",
          "consume() still waiting for its 2 items",
          "it "
              + consumerGaveUp
              + " and returned with "
              + received.size()
              + " of 2 items: a timeout means the producer is slow, not that it is done;"
              + " wait in take(), or retry the timed poll");
    }
    empty.add(0);
    empty.add(1);
    BackpressureChecks.join(consumer, "consumer");
    Invariant.require(failure.get() == null, "consume() succeeds", "no exception", failure::get);
    Invariant.require(
        received.equals(List.of(0, 1)),
        "consume() hands over both items once the producer comes",
        List.of(0, 1),
        () -> received);

    // The producer: nothing is taken until its wait is seen and, if it is a timed one, outlived.
    WatchedBuffer<Integer> full = new WatchedBuffer<>(1, Set.of());
    List<Integer> items = List.of(0, 1, 2);
    AtomicReference<Integer> produced = new AtomicReference<>();
    Thread producer =
        Thread.ofPlatform()
            .name("producer")
            .start(() -> produced.set(solution.produce(items, full)));
    String producerGaveUp = outlive(producer, full, full::full);
    List<Integer> got = new ArrayList<>();
    try {
      for (int i = 0; i < items.size(); i++) {
        // A producer that has ended puts nothing more (its end happens-before isAlive() says
        // so): what the buffer holds then is all there is, and the check does not wait for more.
        var _ = Patience.until(() -> !full.isEmpty() || !producer.isAlive(), FINISH_MILLIS);
        Integer item = full.poll();
        if (item == null) {
          break;
        }
        got.add(item);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    BackpressureChecks.join(producer, "producer");
    if (producerGaveUp != null || !got.equals(items)) {
      throw Invariant.violated(
          "produce() waits while the buffer is full, however slow the consumer",
          "items " + items + " all put, produce() returning 3",
          "the consumer got "
              + got
              + " and produce() returned "
              + produced.get()
              + (producerGaveUp == null ? "" : ": it " + producerGaveUp)
              + "; an item whose offer timed out was dropped: wait in put(), or retry the timed"
              + " offer");
    }
    Invariant.require(
        Integer.valueOf(3).equals(produced.get()),
        "produce() reports every item it put",
        3,
        produced::get);
  }

  /**
   * Wait until {@code thread} waits while {@code blocked} holds; if its wait is a timed one
   * (TIMED_WAITING), keep the other side away until that wait has expired, then tell whether it
   * gave up (ended) or retried. Returns null if it waits or retried, else what it did.
   */
  private static String outlive(
      Thread thread, WatchedBuffer<Integer> buffer, BooleanSupplier blocked) {
    if (Threads.awaitWaiting(thread, WAIT_MILLIS, blocked) != Threads.Seen.WAITING) {
      return thread.isAlive() ? null : "ended before waiting";
    }
    if (thread.getState() != Thread.State.TIMED_WAITING) {
      return null; // an untimed wait (take, put, await): nothing to outlive
    }
    int calls = buffer.timedCalls();
    long deadline =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TimeScale.millis(OUTLIVE_MILLIS));
    while (System.nanoTime() < deadline) {
      if (!thread.isAlive()) {
        return "waited with a timeout (thread \""
            + thread.getName()
            + "\" was TIMED_WAITING), gave up when it expired,";
      }
      if (buffer.timedCalls() > calls
          && Threads.awaitWaiting(thread, WAIT_MILLIS, blocked) == Threads.Seen.WAITING) {
        return null; // the timed wait expired and was retried: slow to react, but nothing given up
      }
      try {
        thread.join(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null; // a timeout this long is not one a slow other side will hit
  }
}

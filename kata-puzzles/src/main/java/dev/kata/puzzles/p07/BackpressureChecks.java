package dev.kata.puzzles.p07;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.kata.api.check.Invariant;
import dev.kata.api.check.InterruptProbe;
import dev.kata.api.check.PropertyChecks;
import dev.kata.api.check.PuzzleChecks;
import dev.kata.api.check.Threads;
import dev.kata.api.check.TimeScale;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The checks of puzzle 07. Each role is checked on its own, against the checks' own buffer, so a
 * mistake in one does not hide behind another. Pauses are conditions on the other side's state,
 * never sleeps: see {@link WatchedBuffer} and the consumer's sink below.
 */
@PuzzleChecks(timeLimitSeconds = 15)
public class BackpressureChecks {

  private static final long WAIT_MILLIS = 1_000;
  private static final long FINISH_MILLIS = 4_000;

  @Test
  @Order(1)
  @DisplayName("the buffer holds at most its capacity, first in first out")
  void bufferIsBoundedAndFifo(Conveyor solution) {
    PropertyChecks.forAll(20, integers().between(1, 16), capacity -> {
      BlockingQueue<Integer> buffer = solution.newBuffer(capacity);
      for (int i = 0; i < capacity; i++) {
        if (!buffer.offer(i)) {
          throw Invariant.violated("a buffer of capacity " + capacity + " accepts " + capacity + " items",
              capacity + " offers accepted", "offer number " + (i + 1) + " was refused");
        }
      }
      if (buffer.offer(capacity)) {
        throw Invariant.violated("a buffer never holds more than its capacity (" + capacity + ")",
            "offer number " + (capacity + 1) + " refused: the buffer is full",
            "it was accepted: the buffer is unbounded (remaining capacity " + buffer.remainingCapacity()
                + "), so a fast producer is never held back and fills memory");
      }
      List<Integer> out = new ArrayList<>();
      buffer.drainTo(out);
      List<Integer> expected = IntStream.range(0, capacity).boxed().toList();
      Invariant.require(out.equals(expected), "the buffer is first in, first out", expected, () -> out);
    });
  }

  @Test
  @Order(2)
  @DisplayName("every item arrives once, in order, and each side waits for the other by blocking")
  void everyItemOnceInOrder(Conveyor solution) {
    PropertyChecks.forAll(25, integers().between(1, 6), integers().between(1, 120), longs().all(), (capacity, count, seed) -> {
      SplittableRandom random = new SplittableRandom(seed);
      Set<Integer> producerPauses = new HashSet<>();
      Set<Integer> consumerPauses = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        producerPauses.add(1 + random.nextInt(count));
        consumerPauses.add(random.nextInt(count));
      }
      List<Integer> items = IntStream.range(0, count).boxed().toList();
      WatchedBuffer<Integer> buffer = new WatchedBuffer<>(capacity, producerPauses);
      List<Integer> received = new ArrayList<>();
      AtomicReference<String> producerFinding = new AtomicReference<>();
      AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
      AtomicReference<Integer> produced = new AtomicReference<>();
      Thread producer = Thread.ofPlatform().name("producer").unstarted(() -> produced.set(solution.produce(items, buffer)));
      Thread consumer = Thread.ofPlatform().name("consumer").unstarted(() -> {
        try {
          solution.consume(buffer, count, item -> {
            synchronized (received) {
              received.add(item);
            }
            if (consumerPauses.contains(item) && producerFinding.get() == null && buffer.startPause()) {
              try {
                String finding = awaitProducerBlocked(buffer, producer);
                if (!finding.isEmpty()) {
                  producerFinding.set(finding); // keep pausing at later items until something is found
                }
              } finally {
                buffer.endPause();
              }
            }
          });
        } catch (Throwable t) {
          consumerFailure.set(t);
        }
      });
      buffer.consumer(consumer);
      producer.start();
      consumer.start();
      String scenario = count + " items through a buffer of " + capacity;
      join(consumer, "consumer");
      int arrived;
      synchronized (received) {
        arrived = received.size();
      }
      if (consumer.getState() == Thread.State.TERMINATED && arrived < count && consumerFailure.get() == null) {
        producer.interrupt();
        join(producer, "producer");
        throw Invariant.violated("the consumer takes all " + count + " items, waiting while the buffer is empty ("
            + scenario + ")", "consume() returns after " + count + " items",
            "it returned after " + arrived + ": it stopped when the buffer was empty for a moment, though more items"
                + " were coming; wait for them with take()");
      }
      join(producer, "producer");
      if (buffer.finding() != null) {
        throw Invariant.violated("the consumer takes all " + count + " items, waiting while the buffer is empty ("
            + scenario + ")", "consume() blocks in take() until every item has come", buffer.finding());
      }
      if (producerFinding.get() != null && !producerFinding.get().isEmpty()) {
        throw Invariant.violated("the producer is held back while the buffer is full (" + scenario + ")",
            "produce() blocks in put() while the buffer is full", producerFinding.get());
      }
      if (consumerFailure.get() != null) {
        throw Invariant.violated("consume() succeeds (" + scenario + ")", "no exception", consumerFailure.get());
      }
      List<Integer> got;
      synchronized (received) {
        got = List.copyOf(received);
      }
      if (!got.equals(items)) {
        throw Invariant.violated("every item arrives exactly once, in order (" + scenario + ")",
            "items 0 to " + (count - 1) + " in order", describeDifference(items, got));
      }
      Invariant.require(produced.get() != null && produced.get() == count, "produce() reports every item it put",
          count, produced::get);
    });
  }

  @Test
  @Order(3)
  @DisplayName("an interrupted producer stops, keeps the interrupt, and loses nothing")
  void interruptedProducerStopsCleanly(Conveyor solution) {
    for (int capacity : new int[] {1, 3}) {
      WatchedBuffer<Integer> buffer = new WatchedBuffer<>(capacity, Set.of());
      List<Integer> items = IntStream.range(0, 10).boxed().toList();
      InterruptProbe.Outcome outcome = InterruptProbe
          .interruptWhenBlocked("produce()", () -> solution.produce(items, buffer), buffer::full)
          .requireHonoured();
      List<Integer> inBuffer = new ArrayList<>(buffer);
      Object reported = outcome.value();
      Invariant.require(inBuffer.equals(items.subList(0, capacity)), "no item is lost or put twice on interrupt",
          "the buffer holds items 0 to " + (capacity - 1), () -> "it holds " + inBuffer);
      Invariant.require(Integer.valueOf(capacity).equals(reported),
          "produce() reports exactly the items it put, when interrupted (capacity " + capacity + ")",
          capacity + " (the items in the buffer)",
          () -> reported + (reported instanceof Integer r && r > capacity
              ? ": it counted an item that never reached the buffer, which is lost" : ""));
    }
  }

  /** Wait until the producer is blocked on the full buffer; "" if so, else what it did instead. */
  private static String awaitProducerBlocked(WatchedBuffer<Integer> buffer, Thread producer) {
    if (Threads.awaitWaiting(producer, WatchedBuffer.WAIT_MILLIS, buffer::full) != Threads.Seen.NEVER_WAITED) {
      return ""; // finished, or blocked on the full buffer: as it should
    }
    return buffer.full()
        ? "the buffer was full but the producer never waited (thread \"producer\" stayed " + producer.getState()
            + "): it busy-waits, burning a core, instead of blocking in put()"
        : "the producer neither finished nor filled the buffer";
  }

  private static void join(Thread thread, String role) {
    try {
      thread.join(TimeScale.millis(FINISH_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
      throw Invariant.violated("producer and consumer both finish", "the " + role + " done",
          "the " + role + " was still running after " + TimeScale.millis(FINISH_MILLIS) + " ms");
    }
  }

  private static String describeDifference(List<Integer> expected, List<Integer> got) {
    for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
      if (!expected.get(i).equals(got.get(i))) {
        return "at position " + i + " item " + got.get(i) + " instead of " + expected.get(i);
      }
    }
    return got.size() < expected.size() ? "only " + got.size() + " items arrived: the rest were lost"
        : got.size() + " items arrived: some twice";
  }
}

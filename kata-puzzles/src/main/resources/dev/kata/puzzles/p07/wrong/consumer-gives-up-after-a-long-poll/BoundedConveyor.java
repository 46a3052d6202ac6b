package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * WRONG: the consumer waits for each item at most 30 seconds, "in case the producer died", and then
 * returns as if done: a producer slower than that loses the rest, and consume() reports success.
 */
public class BoundedConveyor implements Conveyor {

  @Override
  public <T> BlockingQueue<T> newBuffer(int capacity) {
    // The bound is the backpressure: at most `capacity` items wait, then the producer does.
    return new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public <T> int produce(List<T> items, BlockingQueue<T> buffer) {
    int put = 0;
    try {
      for (T item : items) {
        buffer.put(item); // blocks (no CPU) while the buffer is full
        put++; // counted only once it is really in the buffer
      }
    } catch (InterruptedException e) {
      // We are cancelled. We do not rethrow (the contract returns a count), so we must restore the
      // flag that throwing InterruptedException cleared: our caller still needs to see it.
      Thread.currentThread().interrupt();
    }
    return put;
  }

  @Override
  public <T> void consume(BlockingQueue<T> buffer, int count, Consumer<T> sink)
      throws InterruptedException {
    // Exactly `count` takes. An empty buffer only means the producer is behind, not that it is
    // done.
    for (int i = 0; i < count; i++) {
      T item = buffer.poll(30, TimeUnit.SECONDS);
      if (item == null) {
        return; // the producer is gone
      }
      sink.accept(item);
    }
  }
}

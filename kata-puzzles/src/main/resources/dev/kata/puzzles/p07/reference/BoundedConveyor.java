package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Reference solution of puzzle 07.
 *
 * <p>ArrayBlockingQueue does the hard part: a fixed array guarded by one lock with two conditions,
 * "not full" for put() and "not empty" for take(). A put() happens-before the take() that removes
 * the same item, so the consumer sees the item fully built.
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
      sink.accept(buffer.take());
    }
  }
}

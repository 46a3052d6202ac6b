package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * WRONG: the consumer stops when the buffer is empty. An empty buffer only means the producer is
 * behind for a moment; the items still to come are never taken.
 */
public class BoundedConveyor implements Conveyor {

  @Override
  public <T> BlockingQueue<T> newBuffer(int capacity) {
    return new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public <T> int produce(List<T> items, BlockingQueue<T> buffer) {
    int put = 0;
    try {
      for (T item : items) {
        buffer.put(item);
        put++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return put;
  }

  @Override
  public <T> void consume(BlockingQueue<T> buffer, int count, Consumer<T> sink) {
    T item;
    while ((item = buffer.poll()) != null) {
      sink.accept(item);
    }
  }
}

package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * WRONG: swallows the sink's failure. "One bad item must not stop the conveyor" sounds robust, but
 * catching what the sink throws and carrying on hides the failure from the caller, who is told
 * every item was handled.
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
  public <T> void consume(BlockingQueue<T> buffer, int count, Consumer<T> sink)
      throws InterruptedException {
    for (int i = 0; i < count; i++) {
      T item = buffer.take();
      try {
        sink.accept(item);
      } catch (RuntimeException e) {
        // BUG: the failure is dropped; the caller never learns that an item was not handled
      }
    }
  }
}

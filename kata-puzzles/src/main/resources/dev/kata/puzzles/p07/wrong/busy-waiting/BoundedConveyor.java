package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * WRONG: busy-waits. Spinning on offer() while the buffer is full keeps the producer RUNNABLE,
 * burning a whole core to do nothing, instead of sleeping in put() until there is room.
 */
public class BoundedConveyor implements Conveyor {

  @Override
  public <T> BlockingQueue<T> newBuffer(int capacity) {
    return new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public <T> int produce(List<T> items, BlockingQueue<T> buffer) {
    int put = 0;
    for (T item : items) {
      while (!buffer.offer(item)) {
        if (Thread.currentThread().isInterrupted()) {
          return put;
        }
        Thread.onSpinWait();
      }
      put++;
    }
    return put;
  }

  @Override
  public <T> void consume(BlockingQueue<T> buffer, int count, Consumer<T> sink)
      throws InterruptedException {
    for (int i = 0; i < count; i++) {
      sink.accept(buffer.take());
    }
  }
}

package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * WRONG: the consumer gives up after a generous poll timeout. A minute looks safe, but it is still
 * a guess: a producer that is slower than that (a batch job, a paused VM, a slow disk) is not a
 * finished one, and the consumer returns with items missing. No timeout makes a guess right; the
 * contract says wait while the buffer is empty.
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
      T item = buffer.poll(1, TimeUnit.MINUTES);
      if (item == null) {
        return; // BUG: a slow producer is not a finished one
      }
      sink.accept(item);
    }
  }
}

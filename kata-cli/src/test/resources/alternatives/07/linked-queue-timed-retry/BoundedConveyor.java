package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * VALID (a design unlike the reference): a LinkedBlockingQueue with a capacity (two locks, so a put
 * and a take do not contend), and both sides wait in timed steps that they RETRY: a timeout only
 * means "not yet", never "done". Slower to react than put()/take(), but never loses or drops an
 * item. The producer's steps are short on purpose: a check must not mistake them for giving up.
 */
public class BoundedConveyor implements Conveyor {

  @Override
  public <T> BlockingQueue<T> newBuffer(int capacity) {
    return new LinkedBlockingQueue<>(capacity);
  }

  @Override
  public <T> int produce(List<T> items, BlockingQueue<T> buffer) {
    int put = 0;
    try {
      for (T item : items) {
        while (!buffer.offer(item, 50, TimeUnit.MILLISECONDS)) {
          // still full: wait another step
        }
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
      T item;
      while ((item = buffer.poll(50, TimeUnit.MILLISECONDS)) == null) {
        // still empty: the producer is slow, not finished
      }
      sink.accept(item);
    }
  }
}

package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * WRONG: its own buffer keeps its items in a LinkedBlockingQueue, and put() and take() wait on the
 * buffer's monitor, correctly. But offer() takes no lock: "the queue inside is thread-safe, so
 * offer() needs none". Each call on that queue is atomic alone; "size below capacity? then offer"
 * is two calls, and another thread's offer fits between them. Two offers made at once both see room
 * for the last item, both are accepted, and the buffer holds more than its capacity.
 */
public class BoundedConveyor implements Conveyor {

  @Override
  public <T> BlockingQueue<T> newBuffer(int capacity) {
    return new MonitorBuffer<>(capacity);
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
      sink.accept(buffer.take());
    }
  }

  /**
   * A bounded FIFO guarded by its own monitor: wait() while it cannot proceed, notify on change.
   */
  static final class MonitorBuffer<T> extends AbstractQueue<T> implements BlockingQueue<T> {
    private final LinkedBlockingQueue<T> items = new LinkedBlockingQueue<>();
    private final int capacity;

    MonitorBuffer(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public synchronized void put(T item) throws InterruptedException {
      while (items.size() == capacity) {
        wait();
      }
      items.add(item);
      notifyAll();
    }

    @Override
    public synchronized T take() throws InterruptedException {
      while (items.isEmpty()) {
        wait();
      }
      T item = items.remove();
      notifyAll();
      return item;
    }

    @Override
    public boolean offer(T item) {
      // BUG: no lock, since `items` is thread-safe; but the check and the add are two steps
      if (items.size() >= capacity) {
        return false;
      }
      items.add(item);
      synchronized (this) {
        notifyAll();
      }
      return true;
    }

    @Override
    public synchronized boolean offer(T item, long timeout, TimeUnit unit)
        throws InterruptedException {
      long left = unit.toNanos(timeout);
      long deadline = System.nanoTime() + left;
      while (items.size() == capacity) {
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
        left = deadline - System.nanoTime();
      }
      items.add(item);
      notifyAll();
      return true;
    }

    @Override
    public synchronized T poll() {
      T item = items.poll();
      if (item != null) {
        notifyAll();
      }
      return item;
    }

    @Override
    public synchronized T poll(long timeout, TimeUnit unit) throws InterruptedException {
      long left = unit.toNanos(timeout);
      long deadline = System.nanoTime() + left;
      while (items.isEmpty()) {
        if (left <= 0) {
          return null;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
        left = deadline - System.nanoTime();
      }
      T item = items.remove();
      notifyAll();
      return item;
    }

    @Override
    public synchronized T peek() {
      return items.peek();
    }

    @Override
    public synchronized int size() {
      return items.size();
    }

    @Override
    public synchronized int remainingCapacity() {
      return capacity - items.size();
    }

    @Override
    public synchronized Iterator<T> iterator() {
      return new ArrayList<>(items).iterator(); // a snapshot: the buffer itself is not exposed
    }

    @Override
    public int drainTo(Collection<? super T> target) {
      return drainTo(target, Integer.MAX_VALUE);
    }

    @Override
    public synchronized int drainTo(Collection<? super T> target, int max) {
      int moved = 0;
      while (moved < max && !items.isEmpty()) {
        target.add(items.remove());
        moved++;
      }
      if (moved > 0) {
        notifyAll();
      }
      return moved;
    }
  }
}

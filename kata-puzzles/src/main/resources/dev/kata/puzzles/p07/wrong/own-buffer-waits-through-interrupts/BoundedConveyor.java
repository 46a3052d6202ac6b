package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * WRONG: its own buffer's put() and take() wait through interrupts, "so that no item is ever lost":
 * an interrupted producer or consumer stays blocked until the other side comes, which may be never,
 * and cannot be cancelled.
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
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int capacity;

    MonitorBuffer(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public synchronized void put(T item) throws InterruptedException {
      boolean interrupted = false;
      while (items.size() == capacity) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: the item must go in
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      items.addLast(item);
      notifyAll();
    }

    @Override
    public synchronized T take() throws InterruptedException {
      boolean interrupted = false;
      while (items.isEmpty()) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: an item must come out
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      T item = items.removeFirst();
      notifyAll();
      return item;
    }

    @Override
    public synchronized boolean offer(T item) {
      if (items.size() == capacity) {
        return false;
      }
      items.addLast(item);
      notifyAll();
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
      items.addLast(item);
      notifyAll();
      return true;
    }

    @Override
    public synchronized T poll() {
      T item = items.pollFirst();
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
      T item = items.removeFirst();
      notifyAll();
      return item;
    }

    @Override
    public synchronized T peek() {
      return items.peekFirst();
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
        target.add(items.removeFirst());
        moved++;
      }
      if (moved > 0) {
        notifyAll();
      }
      return moved;
    }
  }
}

package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * WRONG: its own buffer checks the bound and then adds, as two steps. The queue inside is a
 * ConcurrentLinkedQueue and the size an AtomicInteger, each thread-safe alone, but "size below
 * capacity? then add" is not one atomic step: two producers both see room for one item and both add
 * it, and the bound, the whole point of the buffer, is broken.
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

  /** Thread-safe parts, an unsafe whole: the size check and the add are separate steps. */
  static final class MonitorBuffer<T> extends AbstractQueue<T> implements BlockingQueue<T> {
    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    MonitorBuffer(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public void put(T item) throws InterruptedException {
      synchronized (this) {
        while (size.get() >= capacity) {
          wait();
        }
      }
      // BUG: another producer can pass the same check right here, before either adds
      items.add(item);
      size.incrementAndGet();
      wakeAll();
    }

    @Override
    public T take() throws InterruptedException {
      synchronized (this) {
        while (size.get() == 0) {
          wait();
        }
        size.decrementAndGet();
      }
      T item;
      while ((item = items.poll()) == null) {
        Thread.onSpinWait(); // the size was counted before the item arrived
      }
      wakeAll();
      return item;
    }

    private synchronized void wakeAll() {
      notifyAll();
    }

    @Override
    public boolean offer(T item) {
      if (size.get() >= capacity) {
        return false;
      }
      // BUG: the same check-then-act
      items.add(item);
      size.incrementAndGet();
      wakeAll();
      return true;
    }

    @Override
    public boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
      long deadline = System.nanoTime() + unit.toNanos(timeout);
      synchronized (this) {
        while (size.get() >= capacity) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      }
      items.add(item);
      size.incrementAndGet();
      wakeAll();
      return true;
    }

    @Override
    public T poll() {
      synchronized (this) {
        if (size.get() == 0) {
          return null;
        }
        size.decrementAndGet();
      }
      T item;
      while ((item = items.poll()) == null) {
        Thread.onSpinWait();
      }
      wakeAll();
      return item;
    }

    @Override
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
      long deadline = System.nanoTime() + unit.toNanos(timeout);
      synchronized (this) {
        while (size.get() == 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return null;
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        size.decrementAndGet();
      }
      T item;
      while ((item = items.poll()) == null) {
        Thread.onSpinWait();
      }
      wakeAll();
      return item;
    }

    @Override
    public T peek() {
      return items.peek();
    }

    @Override
    public int size() {
      return items.size();
    }

    @Override
    public int remainingCapacity() {
      return Math.max(0, capacity - size.get());
    }

    @Override
    public Iterator<T> iterator() {
      return new ArrayList<>(items).iterator();
    }

    @Override
    public int drainTo(Collection<? super T> target) {
      return drainTo(target, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super T> target, int max) {
      int moved = 0;
      T item;
      while (moved < max && (item = poll()) != null) {
        target.add(item);
        moved++;
      }
      return moved;
    }
  }
}

package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * VALID (a design unlike the reference): its own ring buffer, guarded by a ReentrantLock with two
 * Conditions, notFull for producers and notEmpty for consumers. Each side waits on its own
 * condition, so signal() wakes a thread of the right side; every await is in a `while` loop.
 */
public class BoundedConveyor implements Conveyor {

  @Override
  public <T> BlockingQueue<T> newBuffer(int capacity) {
    return new RingBuffer<>(capacity);
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

  /** A bounded FIFO ring guarded by one lock; notFull and notEmpty are its two wait sets. */
  static final class RingBuffer<T> extends AbstractQueue<T> implements BlockingQueue<T> {
    private final Object[] slots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private int head;
    private int count;

    RingBuffer(int capacity) {
      slots = new Object[capacity];
    }

    private void enqueue(T item) {
      slots[(head + count) % slots.length] = item;
      count++;
      notEmpty.signal(); // one item: one consumer can use it
    }

    @SuppressWarnings("unchecked")
    private T dequeue() {
      T item = (T) slots[head];
      slots[head] = null;
      head = (head + 1) % slots.length;
      count--;
      notFull.signal(); // one free slot: one producer can use it
      return item;
    }

    @Override
    public void put(T item) throws InterruptedException {
      lock.lockInterruptibly();
      try {
        while (count == slots.length) {
          notFull.await();
        }
        enqueue(item);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public T take() throws InterruptedException {
      lock.lockInterruptibly();
      try {
        while (count == 0) {
          notEmpty.await();
        }
        return dequeue();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean offer(T item) {
      lock.lock();
      try {
        if (count == slots.length) {
          return false;
        }
        enqueue(item);
        return true;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
      long left = unit.toNanos(timeout);
      lock.lockInterruptibly();
      try {
        while (count == slots.length) {
          if (left <= 0) {
            return false;
          }
          left = notFull.awaitNanos(left);
        }
        enqueue(item);
        return true;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public T poll() {
      lock.lock();
      try {
        return count == 0 ? null : dequeue();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
      long left = unit.toNanos(timeout);
      lock.lockInterruptibly();
      try {
        while (count == 0) {
          if (left <= 0) {
            return null;
          }
          left = notEmpty.awaitNanos(left);
        }
        return dequeue();
      } finally {
        lock.unlock();
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T peek() {
      lock.lock();
      try {
        return count == 0 ? null : (T) slots[head];
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int size() {
      lock.lock();
      try {
        return count;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int remainingCapacity() {
      lock.lock();
      try {
        return slots.length - count;
      } finally {
        lock.unlock();
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterator<T> iterator() {
      lock.lock();
      try {
        List<T> snapshot = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          snapshot.add((T) slots[(head + i) % slots.length]);
        }
        return snapshot.iterator();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int drainTo(Collection<? super T> target) {
      return drainTo(target, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super T> target, int max) {
      lock.lock();
      try {
        int moved = 0;
        while (moved < max && count > 0) {
          target.add(dequeue());
          moved++;
        }
        return moved;
      } finally {
        lock.unlock();
      }
    }
  }
}

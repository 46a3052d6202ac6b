package dev.kata.puzzles.p07;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Join a fast producer and a slow consumer with a bounded buffer, so the producer is held back
 * (backpressure) instead of filling memory.
 */
public interface Conveyor {

  /**
   * Create the buffer between producer and consumer: first in, first out, never more than {@code
   * capacity} items; {@code put} waits while it is full and {@code take} while it is empty.
   *
   * <p>Safe for any number of producers and consumers at once: no item is lost, duplicated or
   * invented, and the bound holds, whatever the interleaving.
   *
   * <p>Like every {@link BlockingQueue}, {@code put} and {@code take} throw InterruptedException if
   * interrupted while they wait, and then have changed nothing.
   *
   * @param capacity the most items the buffer holds, 1 or more
   */
  <T> BlockingQueue<T> newBuffer(int capacity);

  /**
   * Producer side: put every item into {@code buffer}, in order, waiting while it is full.
   *
   * <p>Cancellable: if the thread is interrupted while waiting, stop, keep the interrupt (restore
   * the thread's interrupt flag) and return how many items were put. No item may be lost, counted
   * without being put, or put twice. Any other failure (thrown by the buffer) reaches the caller
   * unchanged: only an interrupt becomes a count.
   *
   * @return how many items were put: all of them, unless interrupted
   */
  <T> int produce(List<T> items, BlockingQueue<T> buffer);

  /**
   * Consumer side: take exactly {@code count} items from {@code buffer}, in order, and hand each to
   * {@code sink}, waiting while the buffer is empty. When it returns, {@code sink} has received all
   * {@code count} items.
   *
   * <p>If {@code sink} throws, stop there: take no further item and let the failure (a
   * RuntimeException or an Error) reach the caller unchanged.
   *
   * @throws InterruptedException if interrupted while waiting; every item taken before has been
   *     handed to {@code sink}, none is taken and dropped
   */
  <T> void consume(BlockingQueue<T> buffer, int count, Consumer<T> sink)
      throws InterruptedException;
}

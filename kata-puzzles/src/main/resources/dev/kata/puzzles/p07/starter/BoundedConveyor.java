package p07_bounded_queue;

import dev.kata.puzzles.p07.Conveyor;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/*
 * Puzzle 07 · Backpressure
 *
 * GOAL
 *   Join a producer and a consumer through a bounded buffer.
 *
 * THE CONCEPT
 *   When a producer is faster than its consumer, items pile up. An unbounded buffer grows until
 *   memory runs out; a bounded one makes the producer WAIT while it is full. That waiting is
 *   backpressure: the slow side sets the pace. Waiting must be blocking (the thread sleeps until
 *   woken), never spinning in a loop, and a blocked producer must stop when interrupted.
 *
 * WHAT THE CHECKS PROVE
 *   - newBuffer(capacity) holds at most `capacity` items, first in first out;
 *   - every item arrives once, in order; the producer blocks while the buffer is full and the
 *     consumer blocks while it is empty (the checks pause each side until the other is seen
 *     waiting, so a spinning or early-quitting side is caught every time);
 *   - an interrupted producer stops, keeps the interrupt flag, and reports exactly what it put;
 *     an interrupted consumer throws InterruptedException and drops nothing it took;
 *   - a slow side is waited for as long as it takes: a timeout is not "done";
 *   - a failure thrown by the sink reaches consume()'s caller, and consume() stops there;
 *   - if you write your own buffer: it stays bounded and loses nothing with many producers and
 *     consumers at once, and two threads on it are checked in every interleaving.
 *
 * Run:   ./kata run --puzzle 7        Hints:  ./kata hint --puzzle 7 --level 1
 */
public class BoundedConveyor implements Conveyor {

  @Override
  public <T> BlockingQueue<T> newBuffer(int capacity) {
    // TODO: this buffer has no bound. Use one that holds at most `capacity` items.
    return new LinkedBlockingQueue<>();
  }

  @Override
  public <T> int produce(List<T> items, BlockingQueue<T> buffer) {
    // TODO: put every item, waiting while the buffer is full; count what you put.
    // TODO: if interrupted while waiting, restore the interrupt flag and return the count.
    return 0;
  }

  @Override
  public <T> void consume(BlockingQueue<T> buffer, int count, Consumer<T> sink)
      throws InterruptedException {
    // TODO: take exactly `count` items, waiting while the buffer is empty, and hand each to sink.
  }
}

package dev.kata.puzzles.p07;

import dev.kata.api.check.Threads;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The checks' buffer: an ArrayBlockingQueue that can pause the producer before chosen items until
 * the consumer has emptied it and is seen waiting. An early-stopping consumer shows up here as a
 * consumer that ended instead; a busy-waiting one as a consumer that never waits.
 */
final class WatchedBuffer<T> extends ArrayBlockingQueue<T> {

  private static final long serialVersionUID = 1L;

  /** How long a watched thread has to start waiting, before TimeScale. */
  static final long WAIT_MILLIS = 1_000;

  private final transient Set<Integer> producerPauses;
  private transient volatile Thread consumer;
  private final transient AtomicInteger inserted = new AtomicInteger();
  private transient volatile int pausedAt = -1;
  private transient volatile int interruptAfter = -1;
  private transient volatile boolean interruptDelivered;
  private transient volatile String finding;
  private final transient java.util.concurrent.atomic.AtomicBoolean pausing =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final transient java.util.concurrent.atomic.AtomicInteger timedCalls =
      new java.util.concurrent.atomic.AtomicInteger();

  WatchedBuffer(int capacity, Set<Integer> producerPauses) {
    super(capacity);
    this.producerPauses = producerPauses;
  }

  void consumer(Thread thread) {
    consumer = thread;
  }

  /** Describe what a pause found wrong with the consumer, or null. */
  String finding() {
    return finding;
  }

  /**
   * Claim the right to pause. Producer and consumer pauses wait for opposite states (empty, full),
   * so only one may be under way at a time, or each would wait for the other.
   */
  boolean startPause() {
    return pausing.compareAndSet(false, true);
  }

  void endPause() {
    pausing.set(false);
  }

  boolean full() {
    return remainingCapacity() == 0;
  }

  @Override
  public void put(T item) throws InterruptedException {
    pauseBeforeItem();
    super.put(item);
    interruptIfAt(inserted.incrementAndGet());
  }

  @Override
  public boolean offer(T item) {
    pauseBeforeItem();
    boolean ok = super.offer(item);
    if (ok) {
      interruptIfAt(inserted.incrementAndGet());
    }
    return ok;
  }

  /**
   * Interrupt the inserting thread just after its {@code count}-th item went in, as if the
   * interrupt came between two puts, while it was not waiting.
   */
  void interruptAfter(int count) {
    interruptAfter = count;
  }

  private void interruptIfAt(int count) {
    if (count == interruptAfter) {
      interruptDelivered = true;
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the interrupt asked by {@link #interruptAfter} was sent. */
  boolean interruptDelivered() {
    return interruptDelivered;
  }

  @Override
  public boolean offer(T item, long timeout, TimeUnit unit) throws InterruptedException {
    timedCalls.incrementAndGet();
    pauseBeforeItem();
    boolean ok = super.offer(item, timeout, unit);
    if (ok) {
      interruptIfAt(inserted.incrementAndGet());
    }
    return ok;
  }

  @Override
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    timedCalls.incrementAndGet();
    return super.poll(timeout, unit);
  }

  /** How many timed offer/poll calls were made: a timed wait that is retried calls again. */
  int timedCalls() {
    return timedCalls.get();
  }

  private void pauseBeforeItem() {
    Thread watched = consumer;
    int index = inserted.get();
    if (watched == null
        || !producerPauses.contains(index)
        || pausedAt == index
        || finding != null
        || !startPause()) {
      return;
    }
    pausedAt = index;
    try {
      awaitConsumerWaiting(watched, index);
    } finally {
      endPause();
    }
  }

  private void awaitConsumerWaiting(Thread watched, int index) {
    switch (Threads.awaitWaiting(watched, WAIT_MILLIS, this::isEmpty)) {
      case ENDED ->
          finding =
              "the consumer returned after "
                  + index
                  + " items while more were still coming: it stopped as soon as the buffer was"
                  + " empty for a moment, instead of waiting (take()) for the rest";
      case NEVER_WAITED ->
          finding =
              "the consumer never waited on the empty buffer (thread \""
                  + watched.getName()
                  + "\" stayed "
                  + watched.getState()
                  + "): it busy-waits, burning a core, instead of blocking in take()";
      case WAITING -> {} // a consumer waiting on an empty buffer: as it should
    }
  }
}

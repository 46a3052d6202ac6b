package dev.kata.api.check;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Count how many tasks are in flight now and the most that ever were at once.
 *
 * <p>Call {@link #enter()} when a task starts and {@link #exit()} in a {@code finally} when it
 * ends. Thread-safe.
 *
 * @since 0.1
 */
public final class InFlightCounter {

  private final AtomicInteger current = new AtomicInteger();
  private final AtomicInteger max = new AtomicInteger();

  /** Create a counter with nothing in flight. */
  public InFlightCounter() {}

  /**
   * Record that a task started.
   *
   * @return the number in flight, this one included
   */
  public int enter() {
    int now = current.incrementAndGet();
    max.accumulateAndGet(now, Math::max);
    return now;
  }

  /** Record that a task ended. */
  public void exit() {
    current.decrementAndGet();
  }

  /** Get the number of tasks in flight now. */
  public int current() {
    return current.get();
  }

  /** Get the most tasks that were ever in flight at once. */
  public int max() {
    return max.get();
  }
}

package dev.kata.api;

import java.time.Duration;

/**
 * Wait for a given time: the one thing code that sleeps asks of the clock, made injectable so that
 * a check can replace real sleeping with a fake clock that advances at once and records each delay.
 *
 * <p>Code under test sleeps through a {@code Sleeper} it was given instead of calling {@link
 * Thread#sleep(Duration)} itself; in production it is given {@link #system()}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Sleep for {@code delay}, or return at once if it is zero or negative.
   *
   * <p>Like {@link Thread#sleep(Duration)}: a thread interrupted before or during the sleep stops
   * sleeping and gets {@link InterruptedException}, its interrupt flag cleared.
   *
   * @param delay how long to sleep; not null
   * @throws InterruptedException if the thread was interrupted before or during the sleep
   */
  void sleep(Duration delay) throws InterruptedException;

  /** Get the sleeper that really sleeps, with {@link Thread#sleep(Duration)}. */
  static Sleeper system() {
    return Thread::sleep;
  }
}

package dev.kata.api.check;

import dev.kata.api.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Be the clock and the sleeper of code about time, so that a check proves delays, caps and budgets
 * exactly without waiting for any of them.
 *
 * <p>Give the code under test this object both as its nanosecond clock (a {@link LongSupplier} read
 * like {@link System#nanoTime()}) and as its {@link Sleeper}. A sleep then returns at once and
 * moves the clock forward by its delay, and every sleep is recorded: its delay, the thread that
 * slept and the clock when it began. The check may also move the clock itself ({@link #advance}),
 * for instance to say that an operation took some time.
 *
 * <p>A sleep honours interrupts as {@link Thread#sleep(Duration)} does: a thread interrupted before
 * it sleeps gets {@link InterruptedException} at once, its interrupt flag cleared, and the clock
 * does not move. To interrupt code in the middle of a backoff, tell the clock which sleep to stop
 * at: {@link #interruptAt(int)} makes that sleep throw as if an interrupt arrived during it, and
 * {@link #blockAt(int)} makes it really block, until the check interrupts the sleeping thread
 * ({@link #awaitBlocked} says when) or lets it go on ({@link #release()}).
 *
 * <pre>
 * FakeClock clock = new FakeClock();
 * Retrier retrier = new Retrier(clock, clock, new SplittableRandom(seed));
 * retrier.call(op, policy);
 * List&lt;Duration&gt; delays = clock.delays();   // what it would have slept, instantly
 * </pre>
 *
 * <p>Thread-safe: several threads may read, advance and sleep at once.
 *
 * @since 0.1
 */
public final class FakeClock implements LongSupplier, Sleeper {

  /**
   * One sleep, as recorded.
   *
   * @param delay the delay asked for, as given (even zero or negative)
   * @param thread the thread that slept
   * @param startNanos the clock's reading when the sleep began
   * @param interrupted whether the sleep was cut short by an interrupt (the clock did not move)
   */
  public record Sleep(Duration delay, Thread thread, long startNanos, boolean interrupted) {

    /** Get the clock's reading when the sleep ended: its start plus the delay, if it was taken. */
    public long endNanos() {
      return interrupted || delay.isNegative() ? startNanos : startNanos + delay.toNanos();
    }
  }

  private final List<Sleep> sleeps = new ArrayList<>();
  private final CountDownLatch blocked = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private long nanos;
  private int interruptAt;
  private int blockAt;

  /** Create a clock that reads an arbitrary, fixed start (not zero: code must not assume it). */
  public FakeClock() {
    this(1_000_000_000_000L);
  }

  /**
   * Create a clock that reads {@code startNanos} until something sleeps or advances it.
   *
   * @param startNanos the first reading, any value, like {@link System#nanoTime()}'s
   */
  public FakeClock(long startNanos) {
    this.nanos = startNanos;
  }

  /** Read the clock, in nanoseconds, as {@link System#nanoTime()} is read. */
  @Override
  public synchronized long getAsLong() {
    return nanos;
  }

  /**
   * Move the clock forward, as if that much time passed.
   *
   * @param duration how much; not negative
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "a clock cannot go back, but the duration was " + duration);
    }
    nanos += duration.toNanos();
  }

  /**
   * Sleep without waiting: record the sleep and move the clock forward by {@code delay}.
   *
   * @throws InterruptedException if this thread was interrupted (the flag is cleared), or if this
   *     is the sleep {@link #interruptAt} or {@link #blockAt} names and the check interrupts it
   */
  @Override
  public void sleep(Duration delay) throws InterruptedException {
    Objects.requireNonNull(delay, "delay");
    Thread me = Thread.currentThread();
    int number;
    long start;
    synchronized (this) {
      number = sleeps.size() + 1;
      start = nanos;
      boolean interrupted = Thread.interrupted() || number == interruptAt;
      if (interrupted || number == blockAt) {
        // Recorded now, as interrupted: if it is released instead, the record is replaced below.
        sleeps.add(new Sleep(delay, me, start, true));
      }
      if (interrupted) {
        throw new InterruptedException("interrupted during sleep " + number + " of the fake clock");
      }
      if (number != blockAt) {
        take(delay, me);
        return;
      }
    }
    blocked.countDown();
    released.await(); // throws InterruptedException, the flag cleared, when the check interrupts
    synchronized (this) {
      sleeps.set(number - 1, new Sleep(delay, me, start, false));
      if (!delay.isNegative()) {
        nanos += delay.toNanos();
      }
    }
  }

  private void take(Duration delay, Thread me) {
    sleeps.add(new Sleep(delay, me, nanos, false));
    if (!delay.isNegative()) {
      nanos += delay.toNanos();
    }
  }

  /**
   * Make the {@code n}th sleep (counting from 1) throw {@link InterruptedException} as if its
   * thread were interrupted during it; the clock does not move.
   *
   * @param n which sleep, at least 1
   * @return this clock
   */
  public synchronized FakeClock interruptAt(int n) {
    interruptAt = requirePositive(n);
    return this;
  }

  /**
   * Make the {@code n}th sleep (counting from 1) really block, interruptibly, until its thread is
   * interrupted (it then throws {@link InterruptedException}) or {@link #release()} is called (it
   * then sleeps as usual).
   *
   * @param n which sleep, at least 1
   * @return this clock
   */
  public synchronized FakeClock blockAt(int n) {
    blockAt = requirePositive(n);
    return this;
  }

  /**
   * Wait until the sleep named by {@link #blockAt} is blocking.
   *
   * @param limit how long to wait at most, before {@link TimeScale} is applied
   * @return true if it blocks, false if the limit passed first
   */
  public boolean awaitBlocked(Duration limit) throws InterruptedException {
    return blocked.await(TimeScale.scaled(limit).toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Let the sleep named by {@link #blockAt} go on, now or when it comes. */
  public void release() {
    released.countDown();
  }

  /** Get every sleep so far, in the order they began. */
  public synchronized List<Sleep> sleeps() {
    return List.copyOf(sleeps);
  }

  /** Get the delay of every sleep so far, in order, interrupted ones included. */
  public synchronized List<Duration> delays() {
    return sleeps.stream().map(Sleep::delay).toList();
  }

  /** Get how many sleeps began so far, interrupted ones included. */
  public synchronized int sleepCount() {
    return sleeps.size();
  }

  private static int requirePositive(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("sleeps are counted from 1, but n was " + n);
    }
    return n;
  }
}

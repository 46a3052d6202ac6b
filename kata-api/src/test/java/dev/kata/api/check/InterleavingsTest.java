package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The races {@link Interleavings} must find on every run (repeated tests: each repetition is a new
 * exploration), and the correct versions it must pass.
 */
class InterleavingsTest {

  interface Counter {
    void increment();

    int get();
  }

  static final class PlainCounter implements Counter {
    private int count;

    @Override
    public void increment() {
      count++;
    }

    @Override
    public int get() {
      return count;
    }
  }

  static final class CheckThenActCounter implements Counter {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void increment() {
      count.set(count.get() + 1); // read, then write: another increment can slip in between
    }

    @Override
    public int get() {
      return count.get();
    }
  }

  static final class SynchronizedCounter implements Counter {
    private int count;

    @Override
    public synchronized void increment() {
      count++;
    }

    @Override
    public synchronized int get() {
      return count;
    }
  }

  /** Wrong: the flag is tested outside the lock, so the signal can come between test and await. */
  @SuppressWarnings("WaitNotInLoop") // the bug this fixture exists to show
  static final class LostSignalLatch {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition opened = lock.newCondition();
    private volatile boolean open;

    void await() throws InterruptedException {
      if (!open) {
        lock.lock();
        try {
          opened.await();
        } finally {
          lock.unlock();
        }
      }
    }

    void open() {
      lock.lock();
      try {
        open = true;
        opened.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  record Scene<T>(T subject, int[] results) {
    Scene(T subject) {
      this(subject, new int[4]);
    }
  }

  private static void twoIncrements(Counter counter) {
    Interleavings.of(
            () ->
                new Scene<>(
                    counter.getClass() == PlainCounter.class
                        ? new PlainCounter()
                        : counter.getClass() == CheckThenActCounter.class
                            ? new CheckThenActCounter()
                            : new SynchronizedCounter()))
        .thread("A", s -> s.subject().increment())
        .thread("B", s -> s.subject().increment())
        .check(
            "no increment is lost when two threads increment at once",
            s ->
                Invariant.require(
                    s.subject().get() == 2,
                    "no increment is lost when two threads increment at once",
                    "count = 2",
                    () -> "count = " + s.subject().get() + ": an increment was lost"));
  }

  @RepeatedTest(3)
  void findsALostUpdateOnAPlainField() {
    Throwable failure = catchThrowable(() -> twoIncrements(new PlainCounter()));

    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("invariant: no increment is lost")
        .hasMessageContaining("count = 1: an increment was lost")
        .hasMessageContaining("thread A")
        .hasMessageContaining("thread B");
    // the columns show a thread reading 0, the scheduler switching, and the stale write
    assertThat(failure.getMessage()).contains("count \u279c 0", "switch", "count = 1");
  }

  @RepeatedTest(2)
  void findsACheckThenActOnAnAtomic() {
    Throwable failure = catchThrowable(() -> twoIncrements(new CheckThenActCounter()));

    assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("count = 1");
  }

  @Test
  void passesASynchronizedCounter() {
    twoIncrements(new SynchronizedCounter());
  }

  @RepeatedTest(2)
  void findsAFlagCheckedOutsideTheLock() {
    Throwable failure =
        catchThrowable(
            () ->
                Interleavings.of(() -> new Scene<>(new LostSignalLatch()))
                    .thread("waiter", s -> s.subject().await())
                    .thread("opener", s -> s.subject().open())
                    .check("the waiter is let through once the latch is open", s -> {}));

    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("invariant: the waiter is let through once the latch is open")
        .hasMessageContaining("lost wake-up")
        .hasMessageContaining("thread waiter")
        .hasMessageContaining("open \u279c false")
        .hasMessageContaining("open = true");
  }

  @Test
  void reportsAThreadThatThrows() {
    Throwable failure =
        catchThrowable(
            () ->
                Interleavings.of(() -> new Scene<>(new PlainCounter()))
                    .thread("A", s -> s.subject().increment())
                    .thread(
                        "B",
                        s -> {
                          throw new IllegalStateException("boom");
                        })
                    .check("nothing throws", s -> {}));

    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("thread B threw java.lang.IllegalStateException: boom");
  }
}

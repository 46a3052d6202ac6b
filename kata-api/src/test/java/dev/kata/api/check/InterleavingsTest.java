package dev.kata.api.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

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

  /**
   * Every solution of a puzzle has the same class names, each in a class loader of its own, and the
   * build checks several in one JVM. Lincheck keeps what it learnt of a class by name: a second
   * class of a name was explored wrongly (a race missed, a correct buffer reported deadlocked). The
   * first class of a name is explored, even when made inside the scene; a second is refused, with
   * the reason, and the check is skipped instead of wrong.
   */
  @Test
  void exploresTheFirstClassOfANameAndRefusesASecond(@TempDir Path dir) throws Exception {
    String[] increments = {"", "synchronized "};
    for (int solution = 0; solution < increments.length; solution++) {
      Path classes = dir.resolve("solution-" + solution);
      Path source = classes.resolve("racy/Counter.java");
      Files.createDirectories(source.getParent());
      Files.writeString(
          source,
          """
          package racy;
          public final class Counter
              implements java.util.function.IntConsumer, java.util.function.IntSupplier {
            private int count;
            public %svoid accept(int by) { count += by; }
            public synchronized int getAsInt() { return count; }
          }
          """
              .formatted(increments[solution]));
      int status =
          ToolProvider.getSystemJavaCompiler()
              .run(null, null, null, "-d", classes.toString(), source.toString());
      assertThat(status).as("javac").isZero();
      try (URLClassLoader loader =
          new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
        java.lang.reflect.Constructor<?> made =
            loader.loadClass("racy.Counter").getDeclaredConstructor();
        Throwable failure =
            catchThrowable(
                () ->
                    Interleavings.of(() -> new Scene<>(newInstance(made)))
                        .thread("A", s -> ((IntConsumer) s.subject()).accept(1))
                        .thread("B", s -> ((IntConsumer) s.subject()).accept(1))
                        .check(
                            "no increment is lost",
                            s -> {
                              int count = ((IntSupplier) s.subject()).getAsInt();
                              Invariant.require(
                                  count == 2,
                                  "no increment is lost",
                                  "count = 2",
                                  () -> "count = " + count);
                            }));

        if (solution == 0) {
          assertThat(failure).as("the first, racy").hasMessageContaining("count = 1");
        } else {
          assertThat(failure)
              .as("the second of the name")
              .isInstanceOf(TestAbortedException.class)
              .hasMessageContaining("a class named racy.Counter was explored earlier");
        }
      }
    }
  }

  private static Object newInstance(java.lang.reflect.Constructor<?> made) {
    try {
      return made.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
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

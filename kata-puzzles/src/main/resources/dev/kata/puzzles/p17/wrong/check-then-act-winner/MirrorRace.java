package p17_first_wins;

import dev.kata.puzzles.p17.Race;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/*
 * WRONG: the winner is decided by check-then-act, won.get() then won.set(true), not one atomic
 * compareAndSet: two mirrors that succeed at nearly the same moment both see no winner, and the
 * later one overwrites the first one's value.
 */
public final class MirrorRace implements Race {

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("no mirrors to race");
    }
    RaceState<T> race = new RaceState<>(List.copyOf(mirrors));
    race.start();
    boolean interrupted = race.awaitEveryMirror();
    if (interrupted) {
      throw new InterruptedException("interrupted while racing the mirrors");
    }
    if (race.won.get()) {
      return race.winner;
    }
    ExecutionException all = new ExecutionException(race.failures[0]);
    for (int i = 1; i < race.failures.length; i++) {
      all.addSuppressed(race.failures[i]);
    }
    throw all;
  }

  private static final class RaceState<T> {
    final List<Callable<T>> mirrors;
    final Thread[] threads;
    final Throwable[] failures;
    final CountDownLatch ended;
    final AtomicBoolean won = new AtomicBoolean();
    volatile boolean cancelled;
    T winner; // written before ended.countDown(), read after await()

    RaceState(List<Callable<T>> mirrors) {
      this.mirrors = mirrors;
      int n = mirrors.size();
      threads = new Thread[n];
      failures = new Throwable[n];
      ended = new CountDownLatch(n);
    }

    void start() {
      for (int i = 0; i < threads.length; i++) {
        final int index = i;
        threads[i] = Thread.ofPlatform().name("mirror-" + i).unstarted(() -> run(index));
      }
      for (Thread t : threads) {
        t.start();
      }
    }

    private void run(int index) {
      try {
        if (cancelled) {
          Thread.currentThread().interrupt();
        }
        T value = mirrors.get(index).call();
        if (!won.get()) {
          won.set(true);
          winner = value;
          cancelAll();
        }
      } catch (Throwable t) {
        failures[index] = t;
      } finally {
        ended.countDown();
      }
    }

    void cancelAll() {
      cancelled = true;
      Thread self = Thread.currentThread();
      for (Thread t : threads) {
        if (t != self) {
          t.interrupt();
        }
      }
    }

    /**
     * Waits, untimed, for every mirror and every thread; returns whether the caller was
     * interrupted.
     */
    boolean awaitEveryMirror() {
      boolean interrupted = false;
      while (true) {
        try {
          ended.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          cancelAll();
        }
      }
      for (Thread t : threads) {
        while (true) {
          try {
            t.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      return interrupted;
    }
  }
}

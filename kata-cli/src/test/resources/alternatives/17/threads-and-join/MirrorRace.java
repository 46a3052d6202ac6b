package p17_first_wins;

import dev.kata.puzzles.p17.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/*
 * A correct alternative without an executor: a platform thread per mirror reports its outcome
 * (catching Throwable, so an Error is reported too) into a queue; the caller takes outcomes until
 * one is a value. Then every thread is interrupted and joined, uninterruptibly, with the caller's
 * interrupt restored afterwards.
 */
public final class MirrorRace implements Race {

  private record Outcome(int index, Object value, Throwable failure) {}

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("no mirror to race");
    }
    BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    List<Thread> threads = new ArrayList<>();
    Throwable[] failures = new Throwable[mirrors.size()];
    try {
      for (int i = 0; i < mirrors.size(); i++) {
        int index = i;
        Callable<T> mirror = mirrors.get(i);
        threads.add(
            Thread.ofPlatform()
                .name("mirror-" + i)
                .start(
                    () -> {
                      try {
                        outcomes.add(new Outcome(index, mirror.call(), null));
                      } catch (Throwable t) {
                        outcomes.add(new Outcome(index, null, t));
                      }
                    }));
      }
      for (int left = mirrors.size(); left > 0; left--) {
        Outcome outcome = outcomes.take();
        if (outcome.failure() == null) {
          @SuppressWarnings("unchecked")
          T value = (T) outcome.value();
          return value;
        }
        failures[outcome.index()] = outcome.failure();
      }
    } finally {
      threads.forEach(Thread::interrupt);
      if (joinAll(threads)) {
        Thread.currentThread().interrupt();
      }
    }
    ExecutionException all = new ExecutionException("every mirror failed", failures[0]);
    for (int i = 1; i < failures.length; i++) {
      all.addSuppressed(failures[i]);
    }
    throw all;
  }

  /** Join every thread, even if interrupted meanwhile; tell whether the caller was interrupted. */
  private static boolean joinAll(List<Thread> threads) {
    boolean interrupted = false;
    for (Thread thread : threads) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    return interrupted;
  }
}

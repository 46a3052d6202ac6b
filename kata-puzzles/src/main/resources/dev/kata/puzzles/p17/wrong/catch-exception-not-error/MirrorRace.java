package p17_first_wins;

import dev.kata.puzzles.p17.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/*
 * WRONG: each mirror's thread reports its outcome with catch (Exception): an Error escapes the
 * catch, kills the thread and is never reported, so when every mirror fails the caller waits
 * forever for an outcome that will not come.
 */
public final class MirrorRace implements Race {

  private record Outcome(int index, Object value, Exception failure) {}

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("no mirror to race");
    }
    BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < mirrors.size(); i++) {
      int index = i;
      Callable<T> mirror = mirrors.get(i);
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      outcomes.add(new Outcome(index, mirror.call(), null));
                    } catch (Exception e) {
                      outcomes.add(new Outcome(index, null, e));
                    }
                  }));
    }
    Exception[] failures = new Exception[mirrors.size()];
    try {
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
      for (Thread thread : threads) {
        thread.join();
      }
    }
    ExecutionException all = new ExecutionException("every mirror failed", failures[0]);
    for (int i = 1; i < failures.length; i++) {
      all.addSuppressed(failures[i]);
    }
    throw all;
  }
}

package p17_first_wins;

import dev.kata.puzzles.p17.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/*
 * WRONG: invokeAny on a cached pool kept for the life of the object and never shut down.
 * invokeAny interrupts the losers, but nobody waits for them: the race returns while they clean
 * up, and the pool's threads stay alive after every race.
 */
public final class MirrorRace implements Race {

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("no mirror to race");
    }
    // Each mirror records its own failure, so that all of them can be reported.
    Throwable[] failures = new Throwable[mirrors.size()];
    List<Callable<T>> recording = new ArrayList<>();
    for (int i = 0; i < mirrors.size(); i++) {
      int index = i;
      Callable<T> mirror = mirrors.get(i);
      recording.add(
          () -> {
            try {
              return mirror.call();
            } catch (Throwable t) {
              failures[index] = t;
              throw t;
            }
          });
    }
    try {
      return pool.invokeAny(recording);
    } catch (ExecutionException lastOnly) {
      ExecutionException all = new ExecutionException("every mirror failed", failures[0]);
      for (int i = 1; i < failures.length; i++) {
        all.addSuppressed(failures[i]);
      }
      throw all;
    }
  }
}

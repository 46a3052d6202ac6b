package p17_first_wins;

import dev.kata.puzzles.p17.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/*
 * WRONG: invokeAny with a time limit of a second, "to be safe". A race has no time limit of its
 * own: a slow mirror that would have won is cut off, and the caller gets an exception instead.
 */
public final class MirrorRace implements Race {

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("no mirror to race");
    }
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
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      return executor.invokeAny(recording, 1, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new ExecutionException("no mirror answered within a second", e);
    } catch (ExecutionException lastOnly) {
      ExecutionException all = new ExecutionException("every mirror failed", failures[0]);
      for (int i = 1; i < failures.length; i++) {
        all.addSuppressed(failures[i]);
      }
      throw all;
    }
  }
}

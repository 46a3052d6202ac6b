package p17_first_wins;

import dev.kata.puzzles.p17.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/*
 * A correct alternative: ExecutorService.invokeAny does the race (first success wins, the losers
 * cancelled with cancel(true)), and the executor's close() waits for the losers to end. invokeAny
 * reports only the last failure, so each mirror is wrapped to record its own failure at its index,
 * and the ExecutionException is rebuilt from those in list order.
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
              failures[index] = t; // published by the Future's completion, before invokeAny throws
              throw t;
            }
          });
    }
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      return executor.invokeAny(recording);
    } catch (ExecutionException lastOnly) {
      ExecutionException all = new ExecutionException("every mirror failed", failures[0]);
      for (int i = 1; i < failures.length; i++) {
        all.addSuppressed(failures[i]);
      }
      throw all;
    }
  }
}

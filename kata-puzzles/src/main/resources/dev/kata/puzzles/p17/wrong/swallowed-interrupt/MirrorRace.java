package p17_first_wins;

import dev.kata.puzzles.p17.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/*
 * WRONG: an InterruptedException in take() is caught and the race waits again: the caller who
 * cancelled it is stuck, and the mirrors it meant to stop are never cancelled.
 */
public final class MirrorRace implements Race {

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("no mirror to race");
    }
    List<Future<T>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<T> completed = new ExecutorCompletionService<>(executor);
      try {
        for (Callable<T> mirror : mirrors) {
          futures.add(completed.submit(mirror));
        }
        int left = mirrors.size();
        while (left > 0) {
          Future<T> next;
          try {
            next = completed.take();
          } catch (InterruptedException e) {
            continue; // "the race must go on"
          }
          left--;
          try {
            return next.get();
          } catch (ExecutionException failed) {
            // not an answer
          }
        }
      } finally {
        executor.shutdownNow();
      }
    }
    ExecutionException all =
        new ExecutionException("every mirror failed", futures.get(0).exceptionNow());
    for (int i = 1; i < futures.size(); i++) {
      all.addSuppressed(futures.get(i).exceptionNow());
    }
    throw all;
  }
}

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
 * WRONG: the failures are collected in the order they happened: the cause is the first mirror
 * to fail, not the first mirror of the list, and the suppressed ones are out of list order.
 */
public final class MirrorRace implements Race {

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("no mirror to race");
    }
    List<Throwable> failures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<T> completed = new ExecutorCompletionService<>(executor);
      try {
        for (Callable<T> mirror : mirrors) {
          completed.submit(mirror);
        }
        for (int left = mirrors.size(); left > 0; left--) {
          Future<T> next = completed.take();
          try {
            return next.get();
          } catch (ExecutionException failed) {
            failures.add(failed.getCause());
          }
        }
      } finally {
        executor.shutdownNow();
      }
    }
    ExecutionException all = new ExecutionException("every mirror failed", failures.get(0));
    for (int i = 1; i < failures.size(); i++) {
      all.addSuppressed(failures.get(i));
    }
    throw all;
  }
}

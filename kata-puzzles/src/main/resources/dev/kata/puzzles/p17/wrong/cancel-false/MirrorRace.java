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
 * WRONG: the losers are cancelled with cancel(false), which marks their Futures cancelled and
 * interrupts nothing: they keep running after the winner's value is returned.
 */
public final class MirrorRace implements Race {

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("no mirror to race");
    }
    List<Future<T>> futures = new ArrayList<>();
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      CompletionService<T> completed = new ExecutorCompletionService<>(executor);
      for (Callable<T> mirror : mirrors) {
        futures.add(completed.submit(mirror));
      }
      for (int left = mirrors.size(); left > 0; left--) {
        Future<T> next = completed.take();
        try {
          return next.get();
        } catch (ExecutionException failed) {
          // not an answer
        }
      }
    } finally {
      for (Future<T> future : futures) {
        future.cancel(false);
      }
      executor.shutdown();
    }
    ExecutionException all =
        new ExecutionException("every mirror failed", futures.get(0).exceptionNow());
    for (int i = 1; i < futures.size(); i++) {
      all.addSuppressed(futures.get(i).exceptionNow());
    }
    throw all;
  }
}

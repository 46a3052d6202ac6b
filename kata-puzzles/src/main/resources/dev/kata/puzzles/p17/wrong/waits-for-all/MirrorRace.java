package p17_first_wins;

import dev.kata.puzzles.p17.Race;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/*
 * WRONG: invokeAll waits until EVERY mirror has completed, then picks the first success. A loser
 * that blocks until interrupted is never interrupted, so the race never returns.
 */
public final class MirrorRace implements Race {

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("no mirror to race");
    }
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = executor.invokeAll(mirrors);
      for (Future<T> future : futures) {
        if (future.state() == Future.State.SUCCESS) {
          return future.resultNow();
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
}

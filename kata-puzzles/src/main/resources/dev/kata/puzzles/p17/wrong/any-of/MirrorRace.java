package p17_first_wins;

import dev.kata.puzzles.p17.Race;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/*
 * WRONG: CompletableFuture.anyOf completes with the first mirror to COMPLETE, a failure included:
 * a mirror that fails fast ends the race that a slower mirror would have won.
 */
public final class MirrorRace implements Race {

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("no mirror to race");
    }
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<?>[] futures = new CompletableFuture<?>[mirrors.size()];
      for (int i = 0; i < futures.length; i++) {
        Callable<T> mirror = mirrors.get(i);
        futures[i] =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return mirror.call();
                  } catch (Exception e) {
                    throw new CompletionException(e);
                  }
                },
                executor);
      }
      try {
        @SuppressWarnings("unchecked")
        T first = (T) CompletableFuture.anyOf(futures).get();
        return first;
      } finally {
        executor.shutdownNow();
      }
    }
  }
}

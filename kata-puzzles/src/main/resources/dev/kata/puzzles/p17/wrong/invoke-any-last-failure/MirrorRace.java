package p17_first_wins;

import dev.kata.puzzles.p17.Race;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/*
 * WRONG: invokeAny gets the first success and cancels the losers, and the executor's close()
 * waits for them. But when every mirror fails, invokeAny's ExecutionException carries only the
 * LAST failure: the others are lost.
 */
public final class MirrorRace implements Race {

  @Override
  public <T> T firstSuccess(List<Callable<T>> mirrors)
      throws ExecutionException, InterruptedException {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      return executor.invokeAny(mirrors);
    }
  }
}

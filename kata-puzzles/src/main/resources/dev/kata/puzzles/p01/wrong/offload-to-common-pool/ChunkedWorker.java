package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * WRONG: offloads to the common pool. runAsync without an executor runs on ForkJoinPool's common
 * pool: the loop stays free, but the work is no longer on the loop's thread, so it now races with
 * every loop task that touches the same state.
 */
public class ChunkedWorker implements ChunkedWork {

  @Override
  public CompletableFuture<Void> process(
      Executor loop, int count, int chunkSize, IntConsumer work) {
    return CompletableFuture.runAsync(
        () -> {
          for (int i = 0; i < count; i++) {
            work.accept(i);
          }
        });
  }
}

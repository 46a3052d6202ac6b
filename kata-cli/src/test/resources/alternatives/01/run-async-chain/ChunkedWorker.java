package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/** VALID: a chain of CompletableFuture.runAsync on the loop, one stage per chunk. */
public class ChunkedWorker implements ChunkedWork {

  @Override
  public CompletableFuture<Void> process(
      Executor loop, int count, int chunkSize, IntConsumer work) {
    return from(0, loop, count, chunkSize, work);
  }

  private static CompletableFuture<Void> from(
      int start, Executor loop, int count, int chunkSize, IntConsumer work) {
    int end = Math.min(count, start + chunkSize);
    return CompletableFuture.runAsync(
            () -> {
              for (int i = start; i < end; i++) {
                work.accept(i);
              }
            },
            loop)
        .thenCompose(
            v ->
                end < count
                    ? from(end, loop, count, chunkSize, work)
                    : CompletableFuture.completedFuture(null));
  }
}

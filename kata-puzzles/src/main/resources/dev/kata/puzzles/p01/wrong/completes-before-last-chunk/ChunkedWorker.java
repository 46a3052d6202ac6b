package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * WRONG: completes the future when the last chunk starts, not when it ends. Whoever waits on the
 * future goes on while the last chunk's items have not run yet.
 */
public class ChunkedWorker implements ChunkedWork {

  @Override
  public CompletableFuture<Void> process(
      Executor loop, int count, int chunkSize, IntConsumer work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> chunk(loop, 0, count, chunkSize, work, done));
    return done;
  }

  private static void chunk(
      Executor loop,
      int from,
      int count,
      int chunkSize,
      IntConsumer work,
      CompletableFuture<Void> done) {
    int to = Math.min(count, from + chunkSize);
    boolean last = to == count;
    if (last) {
      done.complete(null); // "this is the last chunk, so we are done"
    }
    try {
      for (int i = from; i < to; i++) {
        work.accept(i);
      }
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(e);
      return;
    }
    if (!last) {
      loop.execute(() -> chunk(loop, to, count, chunkSize, work, done));
    }
  }
}

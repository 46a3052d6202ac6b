package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * WRONG: blocks the caller. The chunking is right, but process() joins the future before returning
 * it, so the caller is stuck until the job ends; called from the loop itself, it would deadlock.
 */
public class ChunkedWorker implements ChunkedWork {

  @Override
  public CompletableFuture<Void> process(
      Executor loop, int count, int chunkSize, IntConsumer work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> chunk(loop, 0, count, chunkSize, work, done));
    try {
      done.join();
    } catch (RuntimeException e) {
      // reported through the returned future
    }
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
    try {
      for (int i = from; i < to; i++) {
        work.accept(i);
      }
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      return;
    }
    if (to == count) {
      done.complete(null);
    } else {
      loop.execute(() -> chunk(loop, to, count, chunkSize, work, done));
    }
  }
}

package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * WRONG: the exception is lost. Chunking is right, but an exception from work escapes the loop
 * task; the executor swallows it, nobody completes the future, and the caller waits forever.
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
    for (int i = from; i < to; i++) {
      work.accept(i);
    }
    if (to == count) {
      done.complete(null);
    } else {
      loop.execute(() -> chunk(loop, to, count, chunkSize, work, done));
    }
  }
}

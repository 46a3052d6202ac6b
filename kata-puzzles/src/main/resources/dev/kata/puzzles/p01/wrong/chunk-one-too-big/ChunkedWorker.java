package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * WRONG: off by one, each loop task runs chunkSize + 1 items. The loop still yields, but every task
 * holds it longer than the contract allows.
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
    int last = Math.min(count - 1, from + chunkSize); // should be from + chunkSize - 1
    try {
      for (int i = from; i <= last; i++) {
        work.accept(i);
      }
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(e);
      return;
    }
    if (last >= count - 1) {
      done.complete(null);
    } else {
      loop.execute(() -> chunk(loop, last + 1, count, chunkSize, work, done));
    }
  }
}

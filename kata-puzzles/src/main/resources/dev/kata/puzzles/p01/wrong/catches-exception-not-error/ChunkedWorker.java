package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * WRONG: catches Exception, not Throwable. A RuntimeException from work fails the future, but an
 * Error (an AssertionError, a StackOverflowError) escapes the loop task; the executor swallows it
 * and the future never completes.
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
    try {
      for (int i = from; i < to; i++) {
        work.accept(i);
      }
    } catch (Exception e) { // an Error is not an Exception
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

package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * Wrong: fails the future, then rethrows the exception "so that the executor reports it" too. It
 * escapes the loop task into the loop, whose thread ends on it: every other job's tasks then run on
 * a new thread, or on none.
 */
public class ChunkedWorker implements ChunkedWork {

  @Override
  public CompletableFuture<Void> process(
      Executor loop, int count, int chunkSize, IntConsumer work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // Queue even the first chunk: the caller's thread is not the loop, and must not be blocked.
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
    } catch (RuntimeException | Error e) {
      // An exception thrown out of a loop task is swallowed by the executor: nobody would ever
      // hear of it. Hand it to the future instead, and do not queue the rest.
      done.completeExceptionally(e);
      throw e; // let the executor report it as well
    }
    if (to == count) {
      done.complete(null);
    } else {
      // The yield: back of the queue. Tasks queued while this chunk ran will run before the next
      // one.
      loop.execute(() -> chunk(loop, to, count, chunkSize, work, done));
    }
  }
}

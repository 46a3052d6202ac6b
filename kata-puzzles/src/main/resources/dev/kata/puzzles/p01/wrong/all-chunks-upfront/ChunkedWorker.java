package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * WRONG: all chunks queued up front. The chunks are small, but they are all in the queue before
 * anyone else's task, so a task queued during the job still runs after all of them.
 */
public class ChunkedWorker implements ChunkedWork {

  @Override
  public CompletableFuture<Void> process(
      Executor loop, int count, int chunkSize, IntConsumer work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (count == 0) {
      done.complete(null);
      return done;
    }
    for (int from = 0; from < count; from += chunkSize) {
      int start = from;
      int end = Math.min(count, from + chunkSize);
      loop.execute(
          () -> {
            if (done.isDone()) {
              return;
            }
            try {
              for (int i = start; i < end; i++) {
                work.accept(i);
              }
              if (end == count) {
                done.complete(null);
              }
            } catch (RuntimeException e) {
              done.completeExceptionally(e);
            }
          });
    }
    return done;
  }
}

package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * WRONG: one big task. Every item runs inside a single loop task, so a task queued meanwhile waits
 * for the whole job: the loop is frozen. The chunk size is ignored.
 */
public class ChunkedWorker implements ChunkedWork {

  @Override
  public CompletableFuture<Void> process(
      Executor loop, int count, int chunkSize, IntConsumer work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            for (int i = 0; i < count; i++) {
              work.accept(i);
            }
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }
}

package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * WRONG: Thread.yield() between chunks. yield() hints the OS scheduler to run other THREADS, but
 * the loop's queued tasks run on this same thread, which never returns to the loop until the end.
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
              if ((i + 1) % chunkSize == 0) {
                Thread.yield();
              }
            }
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }
}

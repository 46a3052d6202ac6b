package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * WRONG: keeps the job's progress in fields of the worker. One job at a time works; a second job
 * started while the first is in progress overwrites the first one's position, work and future.
 */
public class ChunkedWorker implements ChunkedWork {

  private Executor loop;
  private int next;
  private int count;
  private int chunkSize;
  private IntConsumer work;
  private CompletableFuture<Void> done;

  @Override
  public CompletableFuture<Void> process(
      Executor loop, int count, int chunkSize, IntConsumer work) {
    this.loop = loop;
    this.next = 0;
    this.count = count;
    this.chunkSize = chunkSize;
    this.work = work;
    this.done = new CompletableFuture<>();
    CompletableFuture<Void> result = done;
    loop.execute(this::chunk);
    return result;
  }

  private void chunk() {
    int to = Math.min(count, next + chunkSize);
    try {
      for (; next < to; next++) {
        work.accept(next);
      }
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(e);
      return;
    }
    if (next == count) {
      done.complete(null);
    } else {
      loop.execute(this::chunk);
    }
  }
}

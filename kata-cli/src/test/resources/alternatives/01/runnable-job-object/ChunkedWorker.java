package p01_cooperative_yielding;

import dev.kata.puzzles.p01.ChunkedWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/** VALID: one Runnable object per job keeps the job's progress and queues itself again. */
public class ChunkedWorker implements ChunkedWork {

  @Override
  public CompletableFuture<Void> process(
      Executor loop, int count, int chunkSize, IntConsumer work) {
    Job job = new Job(loop, count, chunkSize, work);
    loop.execute(job);
    return job.done;
  }

  private static final class Job implements Runnable {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Executor loop;
    private final int count;
    private final int chunkSize;
    private final IntConsumer work;
    private int next; // only touched on the loop thread, one chunk after another

    Job(Executor loop, int count, int chunkSize, IntConsumer work) {
      this.loop = loop;
      this.count = count;
      this.chunkSize = chunkSize;
      this.work = work;
    }

    @Override
    public void run() {
      try {
        for (int end = Math.min(count, next + chunkSize); next < end; next++) {
          work.accept(next);
        }
      } catch (Throwable t) {
        done.completeExceptionally(t);
        return;
      }
      if (next < count) {
        loop.execute(this);
      } else {
        done.complete(null);
      }
    }
  }
}

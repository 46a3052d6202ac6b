package p08_pipeline;

import dev.kata.puzzles.p08.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reference solution of puzzle 08.
 *
 * <p>Three long-running tasks, one per stage, each on a thread of its own, joined by two {@link
 * ArrayBlockingQueue}s. The end of the input travels down the queues as a poison pill. The caller
 * waits on a {@link CompletionService}, which hands back the stages in the order they end: so the
 * first stage to fail is seen at once, whichever it is, and the caller can stop the others.
 */
public class QueuedPipeline implements Pipeline {

  /**
   * The poison pill: "no more items". A private object no stage function can ever produce, compared
   * by identity, so it cannot be mistaken for an item (null could be a legitimate item, and
   * ArrayBlockingQueue refuses null anyway).
   */
  private static final Object END = new Object();

  @Override
  @SuppressWarnings("unchecked") // the queues carry A or B, or END; only END is not an item
  public <T, A, B, R> List<R> run(
      List<T> input, Stage<T, A> first, Stage<A, B> second, Stage<B, R> third, int capacity)
      throws ExecutionException, InterruptedException {
    // Bounded queues are the backpressure: put() waits while a queue holds `capacity` items, so a
    // slow stage holds back every stage before it instead of letting items pile up in memory.
    BlockingQueue<Object> toSecond = new ArrayBlockingQueue<>(capacity);
    BlockingQueue<Object> toThird = new ArrayBlockingQueue<>(capacity);
    // Written only by the third stage's thread; read by this thread after that stage's future
    // completed, and a task's actions happen-before its Future.get() returns.
    List<R> results = new ArrayList<>(input.size());

    // Three stages, three threads: a new platform thread per task, so each stage keeps one thread
    // for
    // the whole run, named "stage-1" to "stage-3" so a thread dump shows which stage waits where.
    // The
    // executor is closed at the end of the try, and close() waits until every task has finished:
    // nothing outlives run(), whether it returns or throws.
    try (ExecutorService stages =
        Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("stage-", 1).factory())) {
      CompletionService<Void> ended = new ExecutorCompletionService<>(stages);
      ended.submit(
          () -> {
            for (T item : input) {
              toSecond.put(first.apply(item)); // waits while the second stage is behind
            }
            // always with put(): offer() would drop the pill when the queue is full
            toSecond.put(END);
            return null;
          });
      ended.submit(
          () -> {
            // take() waits, without a time limit, until an item or the pill arrives: a slow first
            // stage
            // is never mistaken for the end of the input.
            for (Object item = toSecond.take(); item != END; item = toSecond.take()) {
              toThird.put(second.apply((A) item));
            }
            toThird.put(END); // pass the end on, or the third stage waits for ever
            return null;
          });
      ended.submit(
          () -> {
            for (Object item = toThird.take(); item != END; item = toThird.take()) {
              results.add(third.apply((B) item));
            }
            return null;
          });
      try {
        // take() hands back the stages in the order they end. A stage that threw ends at once, so
        // its failure surfaces here while the others may still be blocked: no waiting for them.
        for (int stage = 0; stage < 3; stage++) {
          ended.take().get(); // ExecutionException: its cause is exactly what the stage threw
        }
      } catch (ExecutionException | InterruptedException e) {
        // A stage failed, or our caller interrupted us: stop every stage. shutdownNow() interrupts
        // the pool's threads, and a stage blocked in put(), take() or its own function gets an
        // InterruptedException and ends. close() (end of the try) then waits until they have.
        stages.shutdownNow();
        throw e;
      }
    }
    return results;
  }
}
